import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressEditor } from '../../../src/platforms/discord/progress.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('progress: the first update is sent at once, later ones wait for the interval, finish drops what is pending', async () => {
  const edits: string[] = [];
  const now = 0;
  const editor = createProgressEditor({ intervalMs: 1000, now: () => now, edit: async (text) => void edits.push(text) });
  editor.update('one');
  await Promise.resolve();
  editor.update('two');
  editor.update('three');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(edits, ['one'], 'updates within the interval are held back');
  await editor.finish();
  editor.update('four');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(edits, ['one'], 'nothing is sent after finish');
});

test('progress: finish waits for an edit in flight so the final reply cannot be overwritten', async () => {
  const gate = deferred();
  const order: string[] = [];
  const editor = createProgressEditor({
    intervalMs: 1000,
    edit: async (text) => {
      order.push(`start ${text}`);
      await gate.promise;
      order.push(`end ${text}`);
    },
  });
  editor.update('working');
  const finished = editor.finish().then(() => order.push('finished'));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(order, ['start working']);
  gate.resolve();
  await finished;
  assert.deepEqual(order, ['start working', 'end working', 'finished']);
});

test('progress: the latest text is sent when the interval has passed; a failed edit stops progress', async () => {
  const edits: string[] = [];
  let fail = false;
  const errors: unknown[] = [];
  const editor = createProgressEditor({
    intervalMs: 5,
    edit: async (text) => {
      if (fail) throw new Error('gone');
      edits.push(text);
    },
    onError: (e) => errors.push(e),
  });
  editor.update('a');
  editor.update('b');
  editor.update('c');
  while (edits.length < 2) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(edits, ['a', 'c'], 'intermediate text is skipped, the latest is sent');
  fail = true;
  editor.update('d');
  while (!errors.length) await new Promise((r) => setTimeout(r, 5));
  editor.update('e');
  await editor.finish();
  assert.deepEqual(edits, ['a', 'c']);
  assert.equal(errors.length, 1);
});

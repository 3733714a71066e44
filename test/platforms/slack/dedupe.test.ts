import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDedupe } from '../../../src/platforms/slack/dedupe.ts';

describe('slack dedupe', () => {
  it('remembers keys in memory, evicting the oldest past max and expiring after ttl', async () => {
    let now = 0;
    const d = createDedupe({ max: 2, ttlMs: 1000, now: () => now });
    assert.equal(await d.firstSeen('a'), true);
    assert.equal(await d.firstSeen('a'), false);
    assert.equal(await d.firstSeen('b'), true);
    assert.equal(await d.firstSeen('c'), true); // evicts a
    assert.equal(await d.firstSeen('a'), true);
    now = 5000;
    assert.equal(await d.firstSeen('c'), true, 'expired');
  });

  it('delegates to a shared firstSeen when given', async () => {
    const keys: string[] = [];
    const d = createDedupe({ firstSeen: async (k) => { keys.push(k); return keys.length === 1; } });
    assert.equal(await d.firstSeen('x'), true);
    assert.equal(await d.firstSeen('x'), false);
    assert.deepEqual(keys, ['x', 'x']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseSimpleYaml, splitFrontMatter } from '../../src/corpus/front-matter.ts';

describe('splitFrontMatter', () => {
  it('reads the fields and returns the body after the block', () => {
    const r = splitFrontMatter('---\ntitle: Hello\ndate: 2025-02-20T10:30:00+02:00\ntopics:\n  - US Russia\n  - energy_policy\nsource: Wire\nurl: https://x.test/a\n---\n# Body\n');
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.deepEqual(r.data, { title: 'Hello', date: '2025-02-20T08:30:00.000Z', source: 'Wire', url: 'https://x.test/a', topics: ['us-russia', 'energy-policy'] });
    assert.equal(r.body, '# Body\n');
  });

  it('accepts a comma-separated topic string, a `topic` key and numeric titles', () => {
    const r = splitFrontMatter('---\ntitle: 2024\ntopic: Energy, Trade\n---\nx');
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.equal(r.data.title, '2024');
    assert.deepEqual(r.data.topics, ['energy', 'trade']);
  });

  it('reports YAML that does not parse, or is not a mapping', () => {
    const bad = splitFrontMatter('---\ntitle: [unclosed\n---\nbody');
    assert.equal(bad.kind, 'invalid');
    const list = splitFrontMatter('---\n- a\n- b\n---\nbody');
    assert.equal(list.kind, 'invalid');
    const dup = splitFrontMatter('---\ntitle: a\ntitle: b\n---\nbody');
    assert.equal(dup.kind, 'invalid');
  });

  it('treats an unclosed block or a file without one as having no front matter', () => {
    assert.equal(splitFrontMatter('---\ntitle: x\nno closing line').kind, 'none');
    assert.equal(splitFrontMatter('Plain text\n---\n').kind, 'none');
  });

  it('takes an empty block as empty front matter', () => {
    const r = splitFrontMatter('---\n---\nBody');
    assert.equal(r.kind, 'ok');
    if (r.kind === 'ok') assert.equal(r.body, 'Body');
  });
});

describe('parseSimpleYaml (the fast path) agrees with the yaml package', () => {
  const samples = [
    'title: Hello world\ndate: 2025-03-04\ntopics: [us-russia, energy]\n',
    'title: "Quoted: yes"\nsource: \'Reuters\'\n',
    'topics:\n  - a\n  - b c\n',
    'date: 2025-03-04T10:00:00Z\n',
    'url: https://example.com/a?b=c\n',
    'topics: []\n',
    "title: It's fine\n",
    'k: yes\n',
    'k: a:b\n',
    '# comment\ntitle: x\n\nsource: y\n',
    // Everything below must fall back to the yaml package.
    'title: 2024\n', 'title: true\n', 'title:\n', 'a: b # c\n', 'x: [1, 2]\n', 'title: Hello\ntitle: again\n',
    'k: ~\n', 'k: -x\n', 'k: "esc\\"aped"\n', 'k: &a x\n', 'k:\n  nested: map\n', 'k: |\n  block\n', 'k: 0x1F\n',
    'k: [a, "b, c"]\n', 'k: .inf\n', '\tk: v\n', 'k: NULL\n',
  ];
  for (const sample of samples) {
    it(JSON.stringify(sample), () => {
      const fast = parseSimpleYaml(sample);
      if (fast === undefined) return; // the yaml package decides; nothing to compare
      assert.deepEqual(fast, parse(sample));
    });
  }

  it('handles the common shapes itself (so it is actually the fast path)', () => {
    assert.notEqual(parseSimpleYaml(samples[0]), undefined);
    assert.notEqual(parseSimpleYaml(samples[2]), undefined);
    assert.equal(parseSimpleYaml('title: 2024\n'), undefined);
    assert.equal(parseSimpleYaml('title:\n'), undefined);
  });
});

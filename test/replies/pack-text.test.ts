// The one packer behind Slack sections, Discord embeds and content: whole lines per chunk,
// free text split at the best boundary, nothing split inside a surrogate pair.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepSurrogates, packLines, splitText, truncatePlain } from '../../src/replies/pack-text.ts';
import { buildBriefView, bulletTail } from '../../src/replies/reply-view.ts';
import type { BulletSection } from '../../src/replies/view-types.ts';
import { longBrief } from './fixtures.ts';

describe('packLines', () => {
  it('keeps lines whole and every chunk within the limit', () => {
    const lines = Array.from({ length: 50 }, (_, i) => `• bullet ${i} ${'x'.repeat(i % 7 * 10)}`);
    const chunks = packLines(lines, 200);
    assert.ok(chunks.length > 1);
    for (const c of chunks) assert.ok(c.length <= 200, `${c.length}`);
    assert.deepEqual(chunks.join('\n').split('\n'), lines, 'no line split, none lost, order kept');
  });

  it('shortens a line longer than the limit with the given truncation', () => {
    const [only] = packLines(['y'.repeat(500)], 100);
    assert.equal(only.length, 100);
    assert.ok(only.endsWith('…'));
    assert.deepEqual(packLines(['abcdef'], 3, { truncate: (l, max) => l.slice(0, max) }), ['abc']);
  });
});

describe('splitText', () => {
  it('cuts at sentence boundaries when it can', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Sentence ${i} ends here.`).join(' ');
    const chunks = splitText(text, 120);
    for (const c of chunks) {
      assert.ok(c.length <= 120);
      assert.match(c, /here\.$/);
    }
    assert.equal(chunks.join(' '), text);
  });

  it('hard-cuts text without boundaries, never inside a surrogate pair', () => {
    const text = '😀'.repeat(100);
    const chunks = splitText(text, 51);
    for (const c of chunks) assert.ok(!/[\ud800-\udbff]$/.test(c) && !/^[\udc00-\udfff]/.test(c));
    assert.equal(chunks.join(''), text);
    assert.equal(keepSurrogates('a😀', 2), 1);
    assert.equal(truncatePlain('😀😀', 3), '😀…');
  });
});

describe('a long brief through the packer', () => {
  it('packs the view’s bullets at bullet boundaries: each bullet whole, in one chunk, in order', () => {
    const view = buildBriefView(longBrief(120, 300));
    const { bullets } = view.sections[0] as BulletSection;
    const lines = bullets.map((b) => `• ${b.text} ${bulletTail(b)}`);
    const chunks = packLines(lines, 3000);
    assert.ok(chunks.length >= 12, `${chunks.length} chunks`);
    for (const c of chunks) assert.ok(c.length <= 3000, `${c.length}`);
    for (let i = 0; i < 120; i++) {
      const holders = chunks.filter((c) => c.includes(`Bullet ${i} `));
      assert.equal(holders.length, 1, `bullet ${i} in one chunk`);
      assert.match(holders[0], new RegExp(`• Bullet ${i} x+ end${i}\\. \\[${(i % 7) + 1}\\]`), `bullet ${i} whole, with its mark`);
    }
    assert.deepEqual(chunks.join('\n').split('\n'), lines, 'nothing lost, order kept');
  });
});

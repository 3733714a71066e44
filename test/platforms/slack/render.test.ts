import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answer, Brief } from '../../../src/engines/engine-types.ts';
import type { Citation } from '../../../src/retrieval/retrieval-types.ts';
import { renderAnswer, renderBrief, renderProgress, renderReply, renderText, splitText, SLACK_LIMITS, THREAD_HINT, type Block, type SlackMessage } from '../../../src/platforms/slack/render.ts';
import { WORDING } from '../../../src/replies/wording.ts';
import { realisticBrief } from './helpers.ts';

function texts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : b.type === 'context' ? b.elements.map((e) => e.text) : []));
}

/** Slack's hard limits, checked on every rendered message. */
function assertWithinSlackLimits(messages: readonly SlackMessage[]): void {
  assert.ok(messages.length >= 1);
  for (const m of messages) {
    assert.ok(m.blocks.length >= 1 && m.blocks.length <= 50, `${m.blocks.length} blocks`);
    assert.ok(m.text.length > 0 && m.text.length <= 4000);
    for (const b of m.blocks) {
      if (b.type === 'section') assert.ok(b.text.text.length > 0 && b.text.text.length <= 3000, `section of ${b.text.text.length}`);
      if (b.type === 'context') {
        assert.ok(b.elements.length >= 1 && b.elements.length <= 10);
        for (const e of b.elements) assert.ok(e.text.length <= 3000);
      }
    }
  }
}

const cite = (n: number): Citation => ({ docId: `doc${n}`, passageId: `doc${n}.0`, title: `Title ${n}`, path: `seeds/doc${n}.md` });

function longBrief(bullets: number, bulletChars: number): Brief {
  return realisticBrief({
    bullets: Array.from({ length: bullets }, (_, i) => ({
      text: `Bullet ${i} ${'x'.repeat(Math.max(0, bulletChars - 12))} end${i}.`,
      citations: [cite(i % 7)],
    })),
    sources: Array.from({ length: 7 }, (_, i) => ({ docId: `doc${i}`, title: `Title ${i}`, path: `seeds/doc${i}.md`, date: `2025-03-0${i + 1}` })),
  });
}

describe('slack render: brief', () => {
  it('renders a realistic brief as one message: headline, cited bullets, quotes, sources, engine, freshness, hint', () => {
    const [message, ...rest] = renderBrief(realisticBrief(), { threadHint: true });
    assert.equal(rest.length, 0);
    assertWithinSlackLimits([message]);
    const all = texts(message.blocks);
    assert.equal(all[0], ':newspaper: *US and Russia agree to resume talks in Istanbul next week*');
    assert.equal(all[1], [
      '• Delegations will meet in Istanbul on Thursday to discuss embassy staffing. [1]',
      '• The Kremlin said a prisoner exchange is not on the agenda. [2]',
      '• Both sides called the previous round "constructive" &amp; businesslike. [1][2]',
    ].join('\n'));
    assert.match(all[2], /^\*Key quotes\*\n>“We are not discussing any exchanges at this stage”\n>— \*Dmitry Peskov\*, Kremlin spokesman \[2\]\n>“This is a first step, not a breakthrough”\n>— \*Marco Rubio\*, US Secretary of State \[1\]$/);
    assert.ok(all.includes('*Sources*\n[1] US and Russia agree to new round of talks · `seeds/us-russia-talks.md` · 2025-03-01\n[2] Kremlin: prisoner swap "not on the agenda" · `seeds/kremlin-briefing.md` · 2025-03-02'));
    assert.ok(all.some((t) => /^Engine: offline · Topic: US–Russia relations \(`us-russia`\) · Generated <!date\^1740907800\^\{date_short_pretty\} at \{time\}\|2025-03-02 09:30 UTC> · Newest source 2025-03-02$/.test(t)));
    assert.equal(all.at(-1), THREAD_HINT);
    assert.equal(message.text, 'Brief: US and Russia agree to resume talks in Istanbul next week (2 sources)');
  });

  it('omits the thread hint unless asked, and numbers cited documents missing from sources after the sources', () => {
    const brief = realisticBrief({ bullets: [{ text: 'Extra.', citations: [cite(9)] }], quotes: [] });
    const [m] = renderBrief(brief);
    const all = texts(m.blocks).join('\n');
    assert.ok(!all.includes(THREAD_HINT));
    assert.match(all, /• Extra\. \[3\]/);
    assert.match(all, /\[3\] Title 9 · `seeds\/doc9\.md`/);
  });

  it('packs many bullets into sections ≤ 3,000 chars, never splitting a bullet', () => {
    const brief = longBrief(60, 400);
    const messages = renderBrief(brief, { threadHint: true });
    assertWithinSlackLimits(messages);
    const sections = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    for (let i = 0; i < 60; i++) {
      const holders = sections.filter((s) => s.includes(`Bullet ${i} `));
      assert.equal(holders.length, 1, `bullet ${i} in exactly one section`);
      assert.match(holders[0], new RegExp(`Bullet ${i} x+ end${i}\\. \\[\\d\\]`), `bullet ${i} whole`);
    }
    assert.ok(sections.filter((s) => s.startsWith('• ')).length >= 9, 'spread over several sections');
  });

  it('splits a very long brief across messages at bullet boundaries (≤ 50 blocks each)', () => {
    const brief = longBrief(1200, 300);
    const messages = renderBrief(brief, { threadHint: true });
    assert.ok(messages.length > 1, `${messages.length} messages`);
    assertWithinSlackLimits(messages);
    const joined = messages.map((m) => texts(m.blocks).join('\n')).join('\n');
    for (const i of [0, 1, 599, 1199]) assert.equal(joined.split(`Bullet ${i} `).length, 2, `bullet ${i} once`);
    assert.match(messages[1].text, /\(continued 2\/\d+\)$/);
    assert.equal(texts(messages.at(-1)!.blocks).at(-1), THREAD_HINT, 'hint at the very end');
    assert.ok(!messages.slice(1).some((m) => m.blocks[0].type === 'divider'));
  });

  it('honours smaller limits (blocks per message) exactly', () => {
    const messages = renderBrief(longBrief(30, 200), { limits: { blocksPerMessage: 3, sectionChars: 500 } });
    for (const m of messages) assert.ok(m.blocks.length <= 3);
    for (const m of messages) for (const t of texts(m.blocks)) assert.ok(t.length <= 500, `${t.length}`);
    const joined = messages.map((m) => texts(m.blocks).join('\n')).join('\n');
    for (let i = 0; i < 30; i++) assert.match(joined, new RegExp(`Bullet ${i} x+ end${i}\\.`));
  });

  it('truncates a single bullet longer than a section instead of splitting it', () => {
    const brief = realisticBrief({ bullets: [{ text: 'y'.repeat(5000), citations: [] }] });
    const messages = renderBrief(brief);
    assertWithinSlackLimits(messages);
    const bullet = texts(messages[0].blocks).find((t) => t.startsWith('• '))!;
    assert.equal(bullet.length, 3000);
    assert.ok(bullet.endsWith('…'));
  });

  it('keeps many sources within context block limits (≤ 10 elements, ≤ 3,000 chars each)', () => {
    const sources = Array.from({ length: 80 }, (_, i) => ({ docId: `d${i}`, title: `A fairly long source title number ${i} `.repeat(3), path: `seeds/${i}.md`, date: null }));
    const messages = renderBrief(realisticBrief({ sources }));
    assertWithinSlackLimits(messages);
    assert.match(messages.map((m) => texts(m.blocks).join('\n')).join('\n'), /\[80\] A fairly long source title number 79/);
  });

  it('escapes every untrusted field', () => {
    const [m] = renderBrief(realisticBrief({
      headline: '<!channel> alert',
      bullets: [{ text: '<@U123> & <#C1>', citations: [] }],
      quotes: [{ text: '<!here>', speaker: '<@U9>', role: '@everyone', citation: cite(1) }],
      sources: [{ docId: 'doc1', title: '<https://x|y>', path: 'a<b>.md', date: '<!date>' }],
      notes: ['<!subteam^S1>'],
      engine: '<x>',
      topic: { slug: '<s>', title: '<t>' },
    }));
    const all = JSON.stringify(m);
    for (const raw of ['<!channel>', '<@U123>', '<#C1>', '<!here>', '<@U9>', '<https://x', '<b>', '<!subteam', '<x>', '<s>', '<t>', '<!date>']) assert.ok(!all.includes(raw), raw);
    assert.ok(!/@everyone/.test(all));
  });
});

describe('slack render: answer and text', () => {
  const answer: Answer = { question: 'q', answer: 'Peskov said no.', found: true, citations: [cite(1), cite(1), cite(2)], engine: 'offline', notes: ['cached'] };

  it('renders a found answer with its citation marks and numbered, de-duplicated sources', () => {
    const [m] = renderAnswer(answer);
    assertWithinSlackLimits([m]);
    const all = texts(m.blocks);
    assert.equal(all[0], 'Peskov said no. [1][2]');
    assert.equal(all[1], '*Sources*\n[1] Title 1 · `seeds/doc1.md`\n[2] Title 2 · `seeds/doc2.md`');
    assert.equal(all[2], 'Engine: offline\n_cached_');
    assert.equal(m.text, 'Peskov said no.');
  });

  it('renders the honest not-found without sources', () => {
    const [m] = renderAnswer({ ...answer, found: false, answer: "The documents don't say where the next round will be.", citations: [cite(1)] });
    const all = texts(m.blocks);
    assert.equal(all[0], ":grey_question: The documents don't say where the next round will be.");
    assert.ok(!all.some((t) => t.includes('*Sources*')));
  });

  it('splits a long answer at sentence boundaries within the section limit', () => {
    const long = Array.from({ length: 200 }, (_, i) => `Sentence number ${i} says something.`).join(' ');
    const messages = renderAnswer({ ...answer, answer: long });
    assertWithinSlackLimits(messages);
    const sections = messages.flatMap((m) => texts(m.blocks)).filter((t) => t.startsWith('Sentence'));
    assert.ok(sections.length >= 3);
    for (const s of sections) assert.match(s, /something\.( \[1\]\[2\])?$/);
    assert.match(sections.at(-1)!, / \[1\]\[2\]$/, 'the marks follow the last sentence');
  });

  it('renders text replies with a title, keeping backtick code spans', () => {
    const [m] = renderText('Usage: `/brief <topic>` & more', 'Help');
    assert.deepEqual(texts(m.blocks), ['*Help*', 'Usage: `/brief &lt;topic&gt;` &amp; more']);
    assert.equal(m.text, 'Help: Usage: `/brief &lt;topic&gt;` &amp; more');
    const [ephemeral] = renderReply({ kind: 'text', text: 'hi', ephemeral: true });
    assert.deepEqual(texts(ephemeral.blocks), ['hi']);
  });

  it('splits long text without breaking an entity', () => {
    const chunks = splitText('&amp;'.repeat(1000), 3000);
    for (const c of chunks) {
      assert.ok(c.length <= 3000);
      assert.match(c, /^(&amp;)+$/);
    }
    assert.equal(chunks.join('').length, 5000);
  });

  it('renders a progress placeholder showing the end of long partial text', () => {
    const partial = `${'<'.repeat(2000)} and finally the tail`;
    const p = renderProgress(partial);
    const text = texts(p.blocks)[0];
    assert.ok(text.length <= SLACK_LIMITS.sectionChars, `${text.length}`);
    assert.ok(text.endsWith('and finally the tail'));
    assert.match(text, /^:hourglass_flowing_sand: \*Working on your brief…\*\n…(&lt;)+ and/);
  });
});

describe('slack render: mapping the view', () => {
  it('an empty brief shows the shared sentence in italics and says it has no sources', () => {
    const [m] = renderBrief(realisticBrief({ bullets: [], quotes: [], sources: [] }));
    const all = texts(m.blocks);
    assert.equal(all[1], `_${WORDING.emptyBrief}_`);
    assert.ok(all.includes(`_${WORDING.noSources}_`));
    assert.equal(m.text, 'Brief: US and Russia agree to resume talks in Istanbul next week (0 sources)');
  });

  it('a not-found answer without words gets the icon and the shared sentence', () => {
    const [m] = renderAnswer({ question: 'q', answer: '', found: false, citations: [cite(1)], engine: 'offline', notes: [] });
    assert.deepEqual(texts(m.blocks), [`:grey_question: ${WORDING.notFound}`, 'Engine: offline']);
    assert.equal(m.text, WORDING.notFound);
  });

  it('an empty text reply still sends something', () => {
    const [m] = renderText('  ');
    assert.deepEqual(texts(m.blocks), [`_${WORDING.emptyText}_`]);
  });

  it('an unattributed quote says so', () => {
    const [m] = renderBrief(realisticBrief({ quotes: [{ text: 'Hm.', speaker: '', role: null, citation: cite(1) }] }));
    assert.ok(texts(m.blocks).some((t) => t.includes(`>“Hm.”\n>— *${WORDING.unattributed}* [3]`)), JSON.stringify(texts(m.blocks)));
  });

  it('escapes mentions in answers, text and titles as well', () => {
    const answer: Answer = { question: '<!channel>', answer: '<!here> said <@U1> @channel', found: true, citations: [{ ...cite(1), title: '<!everyone>' }], engine: 'offline', notes: ['<@U2>'] };
    const out = JSON.stringify([renderAnswer(answer), renderText('<!channel> @here', '<@U3>'), renderProgress('<!here>')]);
    for (const raw of ['<!channel>', '<!here>', '<@U1>', '<!everyone>', '<@U2>', '<@U3>']) assert.ok(!out.includes(raw), raw);
    assert.ok(!/@(channel|here)\b/.test(out), 'bare broadcasts defused');
  });
});

describe('digest title', () => {
  it('comes first, escaped', () => {
    const [message] = renderReply({ kind: 'brief', brief: realisticBrief(), title: 'Daily digest: <!channel> & co' });
    assert.equal(texts(message.blocks)[0], '*Daily digest: &lt;!channel&gt; &amp; co*');
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { APIEmbed } from 'discord.js';
import type { Brief, BriefBullet } from '../../../src/engines/engine-types.ts';
import { escapeMarkdown, neutraliseMentions, truncate } from '../../../src/platforms/discord/markdown.ts';
import { DISCORD_LIMITS, embedChars, renderAnswer, renderBrief, renderProgress, renderReply, renderText, toContentOnly, type DiscordMessage } from '../../../src/platforms/discord/render.ts';
import { WORDING } from '../../../src/replies/wording.ts';
import { sampleAnswer, sampleBrief } from './fake-sink.ts';

function assertWithinLimits(messages: DiscordMessage[]): void {
  assert.ok(messages.length >= 1);
  for (const message of messages) {
    if (message.content !== undefined) assert.ok(message.content.length <= DISCORD_LIMITS.content, `content ${message.content.length}`);
    const embeds = message.embeds ?? [];
    assert.ok(embeds.length <= DISCORD_LIMITS.embedsPerMessage, `${embeds.length} embeds`);
    assert.ok(embeds.reduce((n, e) => n + embedChars(e), 0) <= DISCORD_LIMITS.messageEmbedChars, 'message total ≤ 6000');
    for (const e of embeds) {
      assert.ok((e.title?.length ?? 0) <= DISCORD_LIMITS.title);
      assert.ok((e.description?.length ?? 0) <= DISCORD_LIMITS.description);
      assert.ok((e.footer?.text.length ?? 0) <= DISCORD_LIMITS.footer);
      assert.ok((e.fields?.length ?? 0) <= DISCORD_LIMITS.fields);
      for (const f of e.fields ?? []) {
        assert.ok(f.name.length > 0 && f.name.length <= DISCORD_LIMITS.fieldName);
        assert.ok(f.value.length > 0 && f.value.length <= DISCORD_LIMITS.fieldValue);
      }
      assert.ok(e.title || e.description || e.fields?.length || e.footer, 'no empty embed');
    }
  }
}

const allEmbeds = (messages: DiscordMessage[]): APIEmbed[] => messages.flatMap((m) => m.embeds ?? []);

test('a brief renders as one embed: headline title, cited bullets, quote fields, sources footer', () => {
  const messages = renderBrief(sampleBrief());
  assertWithinLimits(messages);
  assert.equal(messages.length, 1);
  const [embed] = messages[0].embeds!;
  assert.equal(embed.title, 'US and Russian envoys agree to keep talking');
  assert.equal(
    embed.description,
    '• Delegations met for four and a half hours in Riyadh and agreed to restore embassy staffing. [1]\n' +
      '• The Kremlin said sanctions relief was "not on the table yet" but welcomed the tone. [1][2]',
  );
  assert.deepEqual(embed.fields, [{ name: 'Sergei Lavrov, Foreign Minister', value: '“We agreed to listen to each other” [1]', inline: false }]);
  assert.match(embed.footer!.text, /^\[1\] Envoys meet in Riyadh \(2025-02-18\)\n\[2\] Kremlin on sanctions \(2025-02-19\)\n/);
  assert.match(embed.footer!.text, /Engine: offline · Newest source 2025-02-19$/);
  assert.equal(embed.timestamp, '2025-02-20T08:00:00.000Z');
});

test('citations to documents missing from sources are numbered after them', () => {
  const brief = sampleBrief();
  brief.bullets.push({ text: 'A third point.', citations: [{ docId: 'd9', passageId: 'd9.0', title: 'Late wire', path: 'seeds/late.md' }] });
  const [embed] = renderBrief(brief)[0].embeds!;
  assert.match(embed.description!, /A third point\. \[3\]$/);
  assert.match(embed.footer!.text, /\[3\] Late wire/);
});

function longBrief(bulletCount: number, bulletLength: number, quoteCount: number): Brief {
  const cite = { docId: 'd1', passageId: 'd1.0', title: 'Envoys meet in Riyadh', path: 'seeds/riyadh-talks.md' };
  const bullets: BriefBullet[] = Array.from({ length: bulletCount }, (_, i) => ({
    text: `Bullet ${i} ${'word '.repeat(bulletLength / 5)}`.slice(0, bulletLength).trim() + ` end-${i}.`,
    citations: [cite],
  }));
  const quotes = Array.from({ length: quoteCount }, (_, i) => ({ text: `Quote ${i} ${'said '.repeat(60)}`, speaker: `Speaker ${i}`, role: 'Official', citation: cite }));
  return sampleBrief('long', { bullets, quotes });
}

test('a long brief is split across embeds and messages at bullet boundaries, within every limit', () => {
  const brief = longBrief(80, 700, 40);
  const messages = renderBrief(brief);
  assertWithinLimits(messages);
  assert.ok(messages.length > 1, 'needs several messages');
  // Every bullet appears exactly once, whole, in order: nothing split mid-bullet.
  const lines = allEmbeds(messages).flatMap((e) => (e.description ? e.description.split('\n') : []));
  assert.equal(lines.length, 80);
  lines.forEach((line, i) => {
    assert.ok(line.startsWith(`• Bullet ${i} `), line.slice(0, 30));
    assert.ok(line.endsWith(` end-${i}. [1]`), line.slice(-30));
  });
  // All quotes kept; the title only on the first embed; the footer only on the last.
  assert.equal(allEmbeds(messages).flatMap((e) => e.fields ?? []).length, 40);
  const embeds = allEmbeds(messages);
  assert.equal(embeds.filter((e) => e.title).length, 1);
  assert.equal(embeds[0].title, brief.headline);
  assert.equal(embeds.filter((e) => e.footer).length, 1);
  assert.ok(embeds.at(-1)!.footer);
});

test('more than ten embeds spill into a second message', () => {
  // 300 tiny quotes: 25 fields per embed → 12 embeds, well under 6,000 characters.
  const brief = sampleBrief('many', { quotes: Array.from({ length: 300 }, (_, i) => ({ text: `q${i}`, speaker: `S${i}`, role: null, citation: sampleBrief().quotes[0].citation })) });
  const messages = renderBrief(brief);
  assertWithinLimits(messages);
  assert.equal(messages.length, 2);
  assert.equal(messages[0].embeds!.length, 10);
  assert.equal(allEmbeds(messages).flatMap((e) => e.fields ?? []).length, 300);
});

test('bullets near the description limit go one per embed and messages stay ≤ 6,000', () => {
  const messages = renderBrief(longBrief(12, 4000, 0));
  assertWithinLimits(messages);
  assert.equal(allEmbeds(messages).flatMap((e) => e.description?.split('\n') ?? []).length, 12);
});

test('a single bullet longer than a description is shortened, never split', () => {
  const brief = longBrief(1, 10_000, 0);
  const messages = renderBrief(brief);
  assertWithinLimits(messages);
  const lines = allEmbeds(messages).flatMap((e) => (e.description ? e.description.split('\n') : []));
  assert.equal(lines.length, 1);
  assert.ok(lines[0].endsWith('… [1]'));
});

test('markdown in documents is escaped, code spans and URLs are kept, mentions neutralised', () => {
  assert.equal(escapeMarkdown('*bold* _it_ ~~s~~ ||spoiler|| [x](http://a)'), '\\*bold\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\[x\\](http://a)');
  assert.equal(escapeMarkdown('use `/brief us_russia` now'), 'use `/brief us_russia` now');
  assert.equal(escapeMarkdown('see https://example.com/a_b_c'), 'see https://example.com/a_b_c');
  assert.equal(escapeMarkdown('# Heading\n- item\n1. first\n> quote'), '\\# Heading\n\\- item\n1\\. first\n\\> quote');
  assert.equal(escapeMarkdown('hi <@123> and <@&456>'), 'hi \\<@123\\> and \\<@&456\\>');
  const neutral = escapeMarkdown('ping @everyone and @here');
  assert.ok(!/@everyone|@here/.test(neutral), neutral);
  assert.equal(neutraliseMentions('@everyone').replace('\u200b', ''), '@everyone');
});

test('user and role mentions in document text are escaped in bullets, quotes, notes, answers and text', () => {
  const brief = sampleBrief('x', {
    bullets: [{ text: 'cc <@123> and <@&456> and <#789>', citations: [] }],
    quotes: [{ text: '<@1>', speaker: '<@2>', role: '<@&3>', citation: sampleBrief().quotes[0].citation }],
    notes: ['<@4>'],
  });
  const answer = { ...sampleAnswer('<@5>'), answer: 'ask <@6>', notes: ['<@7>'] };
  const json = JSON.stringify([renderBrief(brief), renderAnswer(answer), renderText('hi <@8> @everyone'), renderText('<@9>', '<@10>')]);
  assert.doesNotMatch(json, /(?<!\\\\)<[@#]/, 'every < before a mention is escaped');
  assert.doesNotMatch(json, /@everyone|@here/);
});

test('a brief with @everyone in a quote does not contain a live @everyone anywhere', () => {
  const brief = sampleBrief('x', {
    headline: 'Alert @everyone',
    quotes: [{ text: '@here listen up <@&1>', speaker: '@everyone', role: null, citation: sampleBrief().quotes[0].citation }],
  });
  const json = JSON.stringify(renderBrief(brief));
  assert.ok(!/@everyone|@here/.test(json), json);
});

test('answers render the answer, numbered sources and the engine', () => {
  const [message] = renderAnswer(sampleAnswer('what did Peskov say?'));
  const [embed] = message.embeds!;
  assert.equal(embed.title, 'what did Peskov say?');
  assert.match(embed.description!, /planned\. \[1\]$/);
  assert.deepEqual(embed.fields, [{ name: 'Sources', value: '[1] Kremlin on sanctions — `seeds/kremlin-sanctions.md`', inline: false }]);
  assert.equal(embed.footer!.text, 'Engine: offline');
});

test('a not-found answer: grey, tagged in the footer, no marks and no sources, the shared sentence when it has no words', () => {
  const [message] = renderAnswer({ ...sampleAnswer('q'), found: false, answer: '' });
  const [embed] = message.embeds!;
  assert.equal(embed.description, WORDING.notFound);
  assert.equal(embed.footer!.text, `Engine: offline · ${WORDING.notFoundTag}`);
  assert.equal(embed.fields, undefined, 'no sources field');
  assert.equal(embed.color, 0x718096);
  assert.notEqual(renderAnswer(sampleAnswer('q'))[0].embeds![0].color, embed.color, 'a found answer has its own colour');
});

test('an answer citing many sources continues them in further fields, each ≤ 1,024', () => {
  const citations = Array.from({ length: 40 }, (_, i) => ({ docId: `d${i}`, passageId: `d${i}.0`, title: `Source title number ${i} ${'t'.repeat(60)}`, path: `seeds/${i}.md` }));
  const messages = renderAnswer({ ...sampleAnswer('q'), citations });
  assertWithinLimits(messages);
  const names = allEmbeds(messages).flatMap((e) => e.fields ?? []).map((f) => f.name);
  assert.equal(names[0], WORDING.sources);
  assert.ok(names.length > 1 && names.slice(1).every((n) => n === WORDING.sourcesContinued), names.join());
  assert.match(messages[0].embeds![0].description!, /\[1\]\[2\].*\[40\]$/);
});

test('text replies: short ones are content, titled or long ones are split embeds', () => {
  assert.deepEqual(renderText('Subscribed to `us-russia`.'), [{ content: 'Subscribed to `us-russia`.' }]);
  const titled = renderText('line', 'Topics');
  assert.equal(titled[0].embeds![0].title, 'Topics');
  const long = Array.from({ length: 400 }, (_, i) => `• line ${i} ${'x'.repeat(40)}`).join('\n');
  const messages = renderText(long, 'Sources');
  assertWithinLimits(messages);
  const lines = allEmbeds(messages).flatMap((e) => e.description!.split('\n'));
  assert.equal(lines.length, 400);
  assert.equal(renderReply({ kind: 'text', text: 'hi' })[0].content, 'hi');
});

test('an empty text reply says so; an empty brief says the shared sentence', () => {
  assert.deepEqual(renderText(' '), [{ content: `_${WORDING.emptyText}_` }]);
  const [embed] = renderBrief(sampleBrief('x', { bullets: [], quotes: [] }))[0].embeds!;
  assert.equal(embed.description, `_${WORDING.emptyBrief}_`);
});

test('a titled text reply keeps the blank line between paragraphs', () => {
  const [message] = renderText('First paragraph.\n\nSecond paragraph.', 'Help');
  assert.equal(message.embeds?.[0]?.description, 'First paragraph.\n\nSecond paragraph.');
});

test('progress text is a short escaped content line', () => {
  assert.deepEqual(renderProgress('Reading *3* documents'), { content: '⏳ Reading \\*3\\* documents', embeds: [] });
  assert.ok(renderProgress('x'.repeat(5000)).content!.length <= 2000);
});

test('without Embed Links the same reply becomes ≤ 2,000-character content messages', () => {
  const messages = toContentOnly(renderBrief(longBrief(30, 500, 5)));
  assert.ok(messages.length > 1);
  for (const m of messages) {
    assert.ok(m.content!.length <= 2000);
    assert.equal(m.embeds, undefined);
  }
  assert.match(messages[0].content!, /^\*\*US and Russian envoys/);
});

test('truncate never splits a surrogate pair and ends with an ellipsis', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  const cut = truncate('ab😀cd', 4);
  assert.ok(!/[\ud800-\udbff]…$/.test(cut), cut);
  assert.equal(truncate('short', 10), 'short');
});

test('a digest title rides above the embeds as escaped plain content', () => {
  const messages = renderReply({ kind: 'brief', brief: sampleBrief(), title: 'Daily digest: *US* — 2 new @everyone' });
  assert.match(messages[0].content ?? '', /^Daily digest: \\\*US\\\* — 2 new/);
  assert.doesNotMatch(messages[0].content ?? '', /@everyone(?!\u200b)/);
  assert.equal(renderReply({ kind: 'brief', brief: sampleBrief() })[0].content, undefined);
});

test('a brief with more sources than its footer holds lists every one, as fields that continue in further embeds', () => {
  const count = 40;
  const cites = Array.from({ length: count }, (_, i) => ({ docId: `d${i}`, passageId: `d${i}.0`, title: `Source number ${i} with a long and descriptive headline about the talks in Istanbul`, path: `seeds/d${i}.md` }));
  const brief: Brief = {
    ...sampleBrief(),
    bullets: cites.map((c, i) => ({ text: `Point ${i}.`, citations: [c] })),
    quotes: [],
    sources: cites.map((c) => ({ docId: c.docId, title: c.title, path: c.path, date: '2025-03-01' })),
  };
  const messages = renderBrief(brief);
  const embeds = messages.flatMap((m) => m.embeds ?? []);
  const shown = embeds.map((e) => [e.description ?? '', ...(e.fields ?? []).map((f) => f.value), e.footer?.text ?? ''].join('\n')).join('\n');
  for (let n = 1; n <= count; n++) assert.ok(shown.includes(`[${n}] Source number ${n - 1} `), `source [${n}] listed`);
  assert.doesNotMatch(shown, /and \d+ more/);
  for (const m of messages) {
    assert.ok((m.embeds ?? []).length <= DISCORD_LIMITS.embedsPerMessage);
    assert.ok((m.embeds ?? []).reduce((n, e) => n + embedChars(e), 0) <= DISCORD_LIMITS.messageEmbedChars);
    for (const e of m.embeds ?? []) for (const f of e.fields ?? []) assert.ok(f.value.length <= DISCORD_LIMITS.fieldValue);
  }
});

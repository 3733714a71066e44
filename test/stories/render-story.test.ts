import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Brief } from '../../src/engines/engine-types.ts';
import { renderReply as renderConsole } from '../../src/platforms/console/render.ts';
import { renderBrief as renderDiscord } from '../../src/platforms/discord/render.ts';
import { renderBrief as renderSlack } from '../../src/platforms/slack/render.ts';

const cite = (n: number) => ({ docId: `d${n}`, passageId: `d${n}.0`, title: `Title ${n}`, path: `feeds/${n}.md` });
const brief: Brief = {
  query: 'regional', topic: null, headline: 'Bridge collapses', quotes: [], entities: { people: [], organizations: [], places: [] },
  sources: [1, 2, 3, 4].map((n) => ({ docId: `d${n}`, title: `Title ${n}`, path: `feeds/${n}.md`, date: null })),
  engine: 'offline', notes: [],
  bullets: [
    { text: 'The bridge collapsed.', citations: [cite(1), cite(3), cite(4)], story: { outlets: ['Valley Herald', 'Coast Times', 'Metro Wire'], coverage: 3 } },
    { text: 'The orchestra cancelled its tour.', citations: [cite(2)], story: { outlets: ['Valley Herald'], coverage: 1 } },
    { text: 'A bullet from before stories.', citations: [cite(2)] },
  ],
};

test('every renderer shows a story bullet’s outlet count after its marks, and nothing for one outlet', () => {
  const slack = JSON.stringify(renderSlack(brief));
  const discord = JSON.stringify(renderDiscord(brief));
  const consoleText = renderConsole({ kind: 'brief', brief });
  for (const text of [slack, discord, consoleText]) {
    assert.ok(text.includes('The bridge collapsed. [1][3][4] — 3 outlets'), text);
    assert.ok(!text.includes('— 1 outlet'), text);
    assert.ok(text.includes('The orchestra cancelled its tour. [2]'), text);
  }
});

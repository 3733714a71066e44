// Deterministic synthetic feed items for the clustering bench: events told by one to five
// outlets in different words, some as syndicated copies, with names drawn from a large pool so
// unrelated events share a name now and then (as real news shares "Trump").
import type { Document } from '../src/corpus/corpus-types.ts';
import { rng } from './synthetic.ts';

const FIRST = ['Anna', 'Omar', 'Li', 'Maria', 'Jonas', 'Fatima', 'Pedro', 'Ines', 'Kofi', 'Sven', 'Aiko', 'Ravi', 'Elena', 'Tomas', 'Nadia', 'Yusuf'];
const LAST = ['Keller', 'Haddad', 'Wen', 'Santos', 'Berg', 'Diallo', 'Novak', 'Moreau', 'Okafor', 'Lindqvist', 'Tanaka', 'Mehta', 'Petrova', 'Silva', 'Rahman', 'Costa'];
const PLACES = ['Riyadh', 'Geneva', 'Brussels', 'Ankara', 'Nairobi', 'Jakarta', 'Lima', 'Oslo', 'Hanoi', 'Warsaw', 'Doha', 'Vienna', 'Quito', 'Accra', 'Manila', 'Tbilisi', 'Dakar', 'Tunis', 'Porto', 'Riga'];
const ORGS = ['Northwind Energy', 'Atlas Shipping', 'Meridian Bank', 'Harbor Telecom', 'Solace Pharma', 'Granite Mining', 'Vista Airlines', 'Pioneer Motors'];
const NOUNS = ['pipeline', 'merger', 'strike', 'election', 'flood', 'summit', 'tariff', 'vaccine', 'bridge', 'satellite', 'verdict', 'wildfire', 'budget', 'treaty', 'recall', 'protest', 'drought', 'airport', 'reactor', 'harvest'];
const VERBS = [['approved', 'gave the green light to', 'signed off on'], ['rejected', 'turned down', 'threw out'], ['delayed', 'postponed', 'pushed back'], ['announced', 'unveiled', 'revealed']];
const OUTLETS = ['Daily Ledger', 'Morning Post', 'Coast Times', 'Metro Wire', 'Globe Report', 'City Herald', 'North Star', 'Evening Star', 'Valley News', 'Capital Journal'];

export function syntheticNews(n: number, seed = 7): { documents: Document[]; story: number[]; stories: number } {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const documents: Document[] = [];
  const story: number[] = [];
  let event = 0;
  const base = Date.parse('2026-03-01T00:00:00Z');
  while (documents.length < n) {
    const person = `${pick(FIRST)} ${pick(LAST)}`;
    const place = pick(PLACES);
    const org = pick(ORGS);
    const noun = pick(NOUNS);
    const verbs = pick(VERBS);
    const amount = 10 + Math.floor(random() * 990);
    const day = base + Math.floor(random() * 60) * 86_400_000;
    const outlets = 1 + Math.floor(random() * 5);
    const first = documents.length;
    for (let k = 0; k < outlets && documents.length < n; k++) {
      const copy = k > 0 && random() < 0.2;
      const verb = copy ? verbs[0] : verbs[k % verbs.length];
      const title = copy ? documents[first].title : `${place} ${noun} ${verb} by ${org}`;
      const lead = copy
        ? documents[first].passages[0].text
        : `${org} ${verb} the ${noun} in ${place} on ${k % 2 ? 'Tuesday' : 'Monday'}, ${person} said. The plan is worth ${amount} million and ${pick(['critics', 'unions', 'residents', 'investors'])} reacted quickly.`;
      documents.push(makeDoc(`${event}-${k}`, title, [lead, `${person} added that the ${noun} would be reviewed again next year.`], pick(OUTLETS), new Date(day + k * 3_600_000).toISOString()));
      story.push(event);
    }
    event++;
  }
  return { documents, story, stories: event };
}

function makeDoc(key: string, title: string, paragraphs: string[], source: string, date: string): Document {
  const id = `syn${key}`;
  return {
    id, hash: id, path: `${id}.md`, title, date, source, url: null, topics: [], text: paragraphs.join('\n\n'), quotes: [],
    passages: paragraphs.map((text, index) => ({ id: `${id}.${index}`, docId: id, index, text, sentences: [{ text, start: 0 }] })),
  };
}

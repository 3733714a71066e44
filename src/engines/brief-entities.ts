// People, organisations and places named in a brief. compromise is slow (~24k words/s), so it
// runs only over the brief's own text (a few hundred words), lazily loaded, with a small cache.
// Its lexicon is general English: news metonyms ("the Kremlin" is an organisation) and names it
// takes for places ("Nord Stream") are taught below, and one country's many spellings are merged.
import type { Brief, Entities } from './engine-types.ts';

type Nlp = ((text: string) => {
  people(): { out(kind: 'array'): string[] };
  organizations(): { out(kind: 'array'): string[] };
  places(): { out(kind: 'array'): string[] };
}) & { addWords(words: Record<string, string>): void };

/**
 * Institutions news names by their seat or brand, which compromise does not know or files as
 * places. Nord Stream is the pipeline consortium (Nord Stream AG, Nord Stream 2 AG): of the three
 * kinds a brief lists, an organisation, not a place.
 */
const ORGANIZATIONS = [
  'kremlin', 'white house', 'pentagon', 'state department', 'downing street', 'elysee', 'élysée',
  'foreign office', 'foreign ministry', 'defense ministry', 'defence ministry', 'duma', 'state duma',
  'bundestag', 'congress', 'senate', 'opec', 'nato', 'european commission', 'european union',
  'united nations', 'gazprom', 'rosneft', 'nord stream',
];

type Kind = keyof Entities;

/** One name per entity: abbreviations and variants map to it, with the kind it is listed under. */
const CANONICAL = new Map<string, { name: string; kind: Kind }>([
  ...['us', 'u.s', 'u.s.', 'usa', 'u.s.a', 'u.s.a.', 'america', 'united states', 'united states of america', 'the united states']
    .map((k) => [k, { name: 'United States', kind: 'places' as Kind }] as const),
  ...['uk', 'u.k', 'u.k.', 'united kingdom', 'britain', 'great britain']
    .map((k) => [k, { name: 'United Kingdom', kind: 'places' as Kind }] as const),
  ...['eu', 'e.u', 'e.u.', 'european union'].map((k) => [k, { name: 'European Union', kind: 'organizations' as Kind }] as const),
  ...['un', 'u.n', 'u.n.', 'united nations'].map((k) => [k, { name: 'United Nations', kind: 'organizations' as Kind }] as const),
  ...['kremlin', 'the kremlin'].map((k) => [k, { name: 'Kremlin', kind: 'organizations' as Kind }] as const),
  ...['nord stream', 'nord stream 2'].map((k) => [k, { name: 'Nord Stream', kind: 'organizations' as Kind }] as const),
]);

let nlpPromise: Promise<Nlp> | null = null;
const cache = new Map<string, Entities>();

function loadNlp(): Promise<Nlp> {
  nlpPromise ??= import('compromise').then((m) => {
    const nlp = (m.default ?? m) as unknown as Nlp;
    nlp.addWords(Object.fromEntries(ORGANIZATIONS.map((w) => [w, 'Organization'])));
    return nlp;
  });
  return nlpPromise;
}

export async function extractEntities(text: string, knownPeople: readonly string[] = []): Promise<Entities> {
  const key = `${knownPeople.join('|')}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const nlp = await loadNlp();
  const doc = nlp(text);
  const clean = (list: string[]) => list.map((s) => s.replace(/['’]s$/i, '').replace(/^[\s"“”'‘’(—–-]+|[\s"“”'‘’,:;)]+$/g, '').replace(/(?<!\b\p{L})\.$/u, '').trim()).filter((s) => s.length > 1);
  const found: Record<Kind, string[]> = {
    people: [...knownPeople, ...clean(doc.people().out('array'))],
    organizations: clean(doc.organizations().out('array')),
    places: clean(doc.places().out('array')),
  };
  // A name goes to its canonical spelling and kind, whichever list compromise put it in.
  const sorted: Record<Kind, string[]> = { people: [], organizations: [], places: [] };
  for (const kind of ['people', 'organizations', 'places'] as const) {
    for (const name of found[kind]) {
      const canonical = CANONICAL.get(name.toLowerCase());
      if (canonical) sorted[canonical.kind].push(canonical.name);
      else sorted[kind].push(name);
    }
  }
  const entities = {
    people: dedupe(sorted.people).filter((p) => /\p{Lu}/u.test(p)),
    organizations: dedupe(sorted.organizations).filter((o) => /\p{Lu}/u.test(o)),
    places: dedupe(sorted.places).filter((p) => /\p{Lu}/u.test(p)),
  };
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  cache.set(key, entities);
  return entities;
}

/** What a brief that names no entities carries (a fresh object: callers may keep it). */
export function noEntities(): Entities {
  return { people: [], organizations: [], places: [] };
}

/** Whether a brief names no entity at all (or was made without naming them). */
export function namesNone(entities: Entities | undefined): boolean {
  return !entities || (!entities.people?.length && !entities.organizations?.length && !entities.places?.length);
}

/** The entities of a brief's own words: headline, bullets and quotes, with the quotes' speakers as people. */
export function entitiesOfBrief(brief: Pick<Brief, 'headline' | 'bullets' | 'quotes'>): Promise<Entities> {
  return extractEntities(
    [brief.headline, ...brief.bullets.map((b) => b.text), ...brief.quotes.map((q) => q.text)].join('\n'),
    [...new Set(brief.quotes.map((q) => q.speaker))],
  );
}

/** Case-insensitive dedupe that also drops a name contained in a longer one ("Trump" in "Donald Trump"). */
function dedupe(names: string[]): string[] {
  const out: string[] = [];
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const lower = name.toLowerCase();
    if (out.some((o) => o.toLowerCase() === lower || o.toLowerCase().split(/\s+/).includes(lower))) continue;
    out.push(name);
  }
  return out.sort((a, b) => names.indexOf(a) - names.indexOf(b));
}

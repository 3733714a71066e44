// People, organisations and places named in a brief. compromise is slow (~24k words/s), so it
// runs only over the brief's own text (a few hundred words), lazily loaded, with a small cache.
import type { Entities } from '../core/types.ts';

type Nlp = (text: string) => {
  people(): { out(kind: 'array'): string[] };
  organizations(): { out(kind: 'array'): string[] };
  places(): { out(kind: 'array'): string[] };
};

let nlpPromise: Promise<Nlp> | null = null;
const cache = new Map<string, Entities>();

export async function extractEntities(text: string, knownPeople: readonly string[] = []): Promise<Entities> {
  const key = `${knownPeople.join('|')}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  nlpPromise ??= import('compromise').then((m) => (m.default ?? m) as unknown as Nlp);
  const nlp = await nlpPromise;
  const doc = nlp(text);
  const clean = (list: string[]) => list.map((s) => s.replace(/['’]s$/i, '').replace(/^[\s"“”'‘’(]+|[\s"“”'‘’,.:;)]+$/g, '').trim()).filter((s) => s.length > 1);
  const people = dedupe([...knownPeople, ...clean(doc.people().out('array'))]);
  const organizations = dedupe(clean(doc.organizations().out('array')));
  const places = dedupe(clean(doc.places().out('array')));
  const entities = {
    people: people.filter((p) => /\p{Lu}/u.test(p)),
    organizations: organizations.filter((o) => /\p{Lu}/u.test(o)),
    places: places.filter((p) => /\p{Lu}/u.test(p)),
  };
  if (cache.size > 500) cache.delete(cache.keys().next().value!);
  cache.set(key, entities);
  return entities;
}

/** Case-insensitive dedupe that also drops a name contained in a longer one ("Trump" in "Donald Trump"). */
function dedupe(names: string[]): string[] {
  const out: string[] = [];
  for (const name of names.sort((a, b) => b.length - a.length)) {
    const lower = name.toLowerCase();
    if (out.some((o) => o.toLowerCase() === lower || o.toLowerCase().split(/\s+/).includes(lower))) continue;
    out.push(name);
  }
  return out.sort((a, b) => names.indexOf(a) - names.indexOf(b));
}

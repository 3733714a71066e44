// "Who is X?" answered from what the documents call X: the role of an attribution (`— Dmitry
// Peskov, Kremlin spokesman`), an apposition (`Rob Dobson, senior economist at Markit, said`)
// or a title before the name (`Foreign Minister Sergey Lavrov`).
import type { Quote } from '../corpus/corpus-types.ts';
import type { Citation, SearchHit } from '../retrieval/retrieval-types.ts';
import { ROLE_NOUNS, TITLE_WORDS } from '../corpus/names.ts';
import { terms } from '../retrieval/terms.ts';

export interface FoundRole {
  name: string;
  role: string;
  citation: Citation;
}

export function findRole(subject: string, subjectTerms: readonly string[], quotes: readonly Quote[], hits: readonly SearchHit[]): FoundRole | null {
  for (const quote of quotes) {
    if (!quote.speaker || !quote.role || !subjectTerms.every((t) => terms(quote.speaker!).includes(t))) continue;
    const hit = hits.find((h) => h.passage.docId === quote.docId);
    if (hit) return { name: quote.speaker, role: withArticle(quote.role), citation: { ...hit.citation, passageId: quote.passageId } };
  }
  // "Who is the Kremlin spokesman?": the person whose role that is.
  for (const quote of quotes) {
    if (!quote.speaker || !quote.role || !subjectTerms.every((t) => terms(quote.role!).includes(t))) continue;
    const hit = hits.find((h) => h.passage.docId === quote.docId);
    if (hit) return { name: `The ${quote.role.replace(/^(?:the|a|an)\s+/i, '')}`, role: quote.speaker, citation: { ...hit.citation, passageId: quote.passageId } };
  }
  const words = subject.split(/\s+/);
  const full = words.map(escape).join(String.raw`\s+`);
  // Later mentions use the surname ("Mr Davis") where the question uses the full name.
  const name = words.length > 1 ? String.raw`(?:${full}|(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+${escape(words[words.length - 1])})` : full;
  const nameRun = String.raw`((?:\p{Lu}[\p{L}'’.-]*\s+){0,2}${name})`;
  const relative = new RegExp(String.raw`${nameRun},\s+who\s+(?:is|was|has\s+been|had\s+been)\s+([^,;.]{3,90})`, 'u');
  const apposition = new RegExp(String.raw`${nameRun},\s+((?:the\s+|a\s+|an\s+)?[^,;:"“”()]{3,90}?)(?:,|\s+(?:said|says|told|added)\b)`, 'u');
  const title = new RegExp(String.raw`((?:\p{Lu}[\p{L}'’.-]*\s+|of\s+){1,5})${name}\b`, 'u');
  // "his deputy, Kevin Davis," / "Northline's chief executive, Paul Ennis,".
  const before = new RegExp(String.raw`((?:his|her|their|its|the)|\p{Lu}[\p{L}-]*['’]s)\s+((?:[\p{Ll}-]+\s+){0,3}[\p{Ll}-]+),\s+${nameRun}\b`, 'u');
  const shown = (found: string) => (/^(?:Mr|Mrs|Ms|Dr|Prof)\b/.test(found) ? subject : found);
  // What the documents say the person is, before what they say the person is to someone.
  for (const hit of hits) {
    const text = hit.passage.text;
    const r = relative.exec(text);
    if (r && isRole(r[2])) return { name: shown(r[1].trim()), role: withArticle(r[2].trim()), citation: hit.citation };
    const a = apposition.exec(text);
    if (a && isRole(a[2])) return { name: shown(a[1].trim()), role: withArticle(a[2].trim()), citation: hit.citation };
    const t = title.exec(text);
    const split = t ? splitTitle(t[1]) : null;
    if (split) return { name: `${split.firstNames} ${subject}`.replace(/\s+/g, ' ').trim(), role: split.title, citation: hit.citation };
  }
  // A role owned by a name ("Northline's chief executive") says more than "his deputy".
  const relational = hits.flatMap((hit) => {
    const m = before.exec(hit.passage.text);
    return m && isRole(m[2]) ? [{ m, hit }] : [];
  });
  const pick = relational.find(({ m }) => m[1] !== 'The' && /^\p{Lu}/u.test(m[1])) ?? relational[0];
  if (pick) {
    const owner = /^\p{Lu}/u.test(pick.m[1]) && pick.m[1] !== 'The' ? pick.m[1] : 'the';
    return { name: shown(pick.m[3].trim()), role: `${owner} ${pick.m[2].trim()}`, citation: pick.hit.citation };
  }
  return null;
}

/** "US Secretary of State Marco " → title "US Secretary of State", first names "Marco". */
function splitTitle(run: string): { title: string; firstNames: string } | null {
  const words = run.trim().split(/\s+/);
  let last = -1;
  words.forEach((w, i) => { if (TITLE_WORDS.has(w.toLowerCase())) last = i; });
  if (last < 0 || !isRole(words.slice(0, last + 1).join(' '))) return null;
  const title = words.slice(0, last + 1).join(' ').replace(/^(?:The|A|An)\s+/, '');
  return { title, firstNames: words.slice(last + 1).join(' ') };
}

/** A role names a position ("senior economist at Markit"), not an age or a place. */
function isRole(text: string): boolean {
  const words = text.toLowerCase().replace(/['’]s\b/g, '').split(/[^\p{L}-]+/u).filter(Boolean);
  return words.some((w) => ROLE_NOUNS.has(w) || ROLE_NOUNS.has(w.replace(/s$/, '')));
}

/** "Kremlin's key economic envoy" reads as "the Kremlin's key economic envoy". */
function withArticle(role: string): string {
  if (/^(?:the|a|an)\s/i.test(role)) return role;
  return /^\p{Lu}[\p{L}.-]*['’]s\s/u.test(role) ? `the ${role}` : role;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import type { SchemaName } from './schemas.ts';

// Readable progress from a JSON reply that is still arriving: the headline and the bullets
// finished so far (briefs), or the answer text so far (answers). Tolerant by design — the
// final, validated object is what counts; this only gives people something to watch.

export function partialText(schema: SchemaName, json: string): string {
  if (schema === 'answer') return readStringField(json, 'answer', 0)?.value ?? '';
  if (schema !== 'brief') return '';
  const headline = readStringField(json, 'headline', 0);
  const lines: string[] = headline ? [headline.value] : [];
  const bulletsAt = json.search(/"bullets"\s*:\s*\[/);
  if (bulletsAt >= 0) {
    const quotesAt = json.search(/"quotes"\s*:\s*\[/);
    const end = quotesAt > bulletsAt ? quotesAt : json.length;
    let from = bulletsAt;
    for (;;) {
      const field = readStringField(json.slice(0, end), 'text', from);
      if (!field) break;
      if (field.complete) lines.push(`• ${field.value}`);
      from = field.end;
    }
  }
  return lines.join('\n');
}

/** Reads `"name": "…` from `from` on, decoding escapes; incomplete strings are returned as far as they go. */
function readStringField(json: string, name: string, from: number): { value: string; complete: boolean; end: number } | null {
  const pattern = new RegExp(`"${name}"\\s*:\\s*"`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(json);
  if (!match) return null;
  let i = match.index + match[0].length;
  let value = '';
  while (i < json.length) {
    const ch = json[i];
    if (ch === '"') return { value, complete: true, end: i + 1 };
    if (ch === '\\') {
      const next = json[i + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = json.slice(i + 2, i + 6);
        if (hex.length < 4) break;
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      value += ({ n: '\n', t: '\t', r: '', b: '', f: '' } as Record<string, string>)[next] ?? next;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  return { value, complete: false, end: json.length };
}

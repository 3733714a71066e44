import { z } from 'zod';

// The three structured outputs the model may return. The JSON Schemas go to the provider
// (`response_format: json_schema`, strict: every property required, no extras); the zod schemas
// check what actually came back, because a compatible server may ignore the schema entirely.

export type SchemaName = 'brief' | 'document_notes' | 'answer';

const citedText = z.object({
  text: z.string().trim().min(1),
  citations: z.array(z.string()),
});

const quote = z.object({
  text: z.string().trim().min(1),
  speaker: z.string().trim().min(1),
  citation: z.string(),
});

export const briefOutputSchema = z.object({
  headline: z.string().trim().min(1),
  bullets: z.array(citedText).min(1),
  quotes: z.array(quote),
});

export const notesOutputSchema = z.object({
  notes: z.array(citedText),
  quotes: z.array(quote),
});

export const answerOutputSchema = z.object({
  answer: z.string().trim().min(1),
  found: z.boolean(),
  citations: z.array(z.string()),
});

export type BriefOutput = z.infer<typeof briefOutputSchema>;
export type NotesOutput = z.infer<typeof notesOutputSchema>;
export type AnswerOutput = z.infer<typeof answerOutputSchema>;
export type QuoteOutput = z.infer<typeof quote>;

const stringArray = { type: 'array', items: { type: 'string' } } as const;

const citedTextJson = {
  type: 'object',
  properties: { text: { type: 'string' }, citations: stringArray },
  required: ['text', 'citations'],
  additionalProperties: false,
} as const;

const quoteJson = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'The quoted words exactly as in the passage, without quote marks.' },
    speaker: { type: 'string', description: 'Who said it, as named in the document.' },
    citation: { type: 'string', description: 'The id of the passage containing the quote.' },
  },
  required: ['text', 'speaker', 'citation'],
  additionalProperties: false,
} as const;

export const jsonSchemas: Record<SchemaName, Record<string, unknown>> = {
  brief: {
    type: 'object',
    properties: {
      headline: { type: 'string' },
      bullets: { type: 'array', items: citedTextJson },
      quotes: { type: 'array', items: quoteJson },
    },
    required: ['headline', 'bullets', 'quotes'],
    additionalProperties: false,
  },
  document_notes: {
    type: 'object',
    properties: {
      notes: { type: 'array', items: citedTextJson },
      quotes: { type: 'array', items: quoteJson },
    },
    required: ['notes', 'quotes'],
    additionalProperties: false,
  },
  answer: {
    type: 'object',
    properties: {
      answer: { type: 'string' },
      found: { type: 'boolean', description: 'False when the passages do not answer the question.' },
      citations: stringArray,
    },
    required: ['answer', 'found', 'citations'],
    additionalProperties: false,
  },
};

export const zodSchemas = {
  brief: briefOutputSchema,
  document_notes: notesOutputSchema,
  answer: answerOutputSchema,
} as const;

export type OutputOf<N extends SchemaName> = z.infer<(typeof zodSchemas)[N]>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parses model text into a validated object. Tolerates what compatible servers add around JSON
 * (code fences, a sentence before the object) but nothing inside it.
 */
export function parseOutput<N extends SchemaName>(name: N, content: string): ParseResult<OutputOf<N>> {
  const json = extractJson(content);
  if (json === null) return { ok: false, error: 'The reply was not a JSON object.' };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    return { ok: false, error: `The reply was not valid JSON (${(err as Error).message}).` };
  }
  const result = zodSchemas[name].safeParse(data);
  if (result.success) return { ok: true, value: result.data as OutputOf<N> };
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`);
  return { ok: false, error: `The JSON did not match the "${name}" schema: ${issues.join('; ')}.` };
}

function extractJson(content: string): string | null {
  const text = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  return text.slice(start, end + 1);
}

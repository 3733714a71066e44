import type { Answer, AnswerRequest, Brief, Engine, EngineCallOptions, Usage } from './engine-types.ts';

// How the LLM engine hands over to another engine (normally the offline one): the other
// engine's result, unchanged, with a visible note first saying why, and the usage of any model
// calls already spent so nobody is surprised by the bill.

export interface FallbackInfo {
  note: string;
  /** Usage of model calls made before giving up (omitted when none). */
  usage?: Usage;
  /** Extra notes (e.g. the usage line). */
  extraNotes?: readonly string[];
}

export function withFallbackNotes<T extends Brief | Answer>(result: T, info: FallbackInfo): T {
  const notes = [info.note, ...(info.extraNotes ?? []), ...result.notes];
  const spent = info.usage && info.usage.calls > 0 ? { usage: info.usage } : {};
  return { ...result, ...spent, notes };
}

export function fallbackAnswer(fallback: Engine, request: AnswerRequest, info: FallbackInfo, options?: EngineCallOptions): Promise<Answer> {
  return fallback.answer(request, options ? { signal: options.signal } : undefined).then((answer) => withFallbackNotes(answer, info));
}

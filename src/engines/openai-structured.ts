import type { Logger } from '../core/logger.ts';
import type { ChatCaller } from './openai-chat.ts';
import { InvalidOutputError } from './openai-errors.ts';
import type { Limiter } from './openai-limiter.ts';
import { partialText } from './openai-progress.ts';
import { repairPrompt } from './prompts.ts';
import { parseOutput, type OutputOf, type SchemaName } from './schemas.ts';
import { countMessageTokens, type Meter, type PromptMessage } from './token-budget.ts';

// A validated structured reply: one call, and if the output fails JSON parsing or the zod
// schema, exactly one repair call that shows the model its own reply and the error. Anything
// still invalid becomes InvalidOutputError (the engine then falls back).

export interface StructuredDeps {
  caller: ChatCaller;
  limiter: Limiter;
  meter: Meter;
  logger: Logger;
}

export interface StructuredRequest<N extends SchemaName> {
  schema: N;
  messages: readonly PromptMessage[];
  /** Completion tokens to reserve in the budget for this call. */
  completionAllowance: number;
  signal?: AbortSignal;
  /** Streams the reply and reports readable partial text. */
  onProgress?: (partial: string) => void;
}

export async function generateStructured<N extends SchemaName>(deps: StructuredDeps, request: StructuredRequest<N>): Promise<OutputOf<N>> {
  const { caller, limiter, meter, logger } = deps;
  let lastProgress = '';
  const onContent = request.onProgress
    ? (content: string) => {
        const text = partialText(request.schema, content);
        if (text && text !== lastProgress) {
          lastProgress = text;
          request.onProgress!(text);
        }
      }
    : undefined;

  const attempt = async (messages: readonly PromptMessage[]) => {
    await meter.reserve(countMessageTokens(messages) + request.completionAllowance);
    const result = await limiter.run(
      () => caller.call({ schema: request.schema, messages, signal: request.signal, onContent }),
      request.signal,
    );
    await meter.record(result.usage);
    return result;
  };

  const first = await attempt(request.messages);
  if (first.refusal) throw new InvalidOutputError(`the model refused: ${first.refusal.slice(0, 200)}`);
  const parsed = parseOutput(request.schema, first.content);
  if (parsed.ok) return parsed.value;

  const problem = first.finishReason === 'length' ? `${parsed.error} The reply was cut off at the output limit; keep it shorter.` : parsed.error;
  logger.info({ schema: request.schema, problem }, 'model output failed validation; asking for a repair');
  const second = await attempt([
    ...request.messages,
    { role: 'assistant', content: first.content },
    { role: 'user', content: repairPrompt(request.schema, problem) },
  ]);
  if (second.refusal) throw new InvalidOutputError(`the model refused: ${second.refusal.slice(0, 200)}`);
  const repaired = parseOutput(request.schema, second.content);
  if (repaired.ok) return repaired.value;
  throw new InvalidOutputError(repaired.error);
}

import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from '../core/logger.ts';
import type { Usage } from './engine-types.ts';
import { jsonObjectInstruction } from './prompts.ts';
import { jsonSchemas, type SchemaName } from './schemas.ts';
import { countMessageTokens, countTokens, type PromptMessage } from './token-budget.ts';
import { StreamStalledError } from './openai-errors.ts';

// One Chat Completions call through the SDK, as text plus usage. It owns the provider quirks:
// json_schema → json_object downgrade (remembered per engine), streaming with a stall deadline
// (the SDK's timeout covers only the wait for headers once a stream has started), and token
// counts for servers that report no usage.

export interface ChatCall {
  schema: SchemaName;
  messages: readonly PromptMessage[];
  signal?: AbortSignal;
  /** When set, the reply is streamed and this sees the content received so far. */
  onContent?: (contentSoFar: string) => void;
}

export interface ChatResult {
  content: string;
  usage: Usage;
  finishReason: string | null;
  refusal: string | null;
}

export interface ChatCaller {
  call(request: ChatCall): Promise<ChatResult>;
  /** `json_schema` until a server rejects it, then `json_object` for the rest of this caller's life. */
  readonly responseFormat: 'json_schema' | 'json_object';
}

export interface ChatCallerOptions {
  client: OpenAI;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  /** Also the longest silence tolerated inside a streamed reply. */
  timeoutMs: number;
  /** OpenAI's own API wants `max_completion_tokens`; most compatible servers only know `max_tokens`. */
  tokenParameter: 'max_tokens' | 'max_completion_tokens';
  logger: Logger;
}

export function createChatCaller(options: ChatCallerOptions): ChatCaller {
  const { client, logger } = options;
  let responseFormat: 'json_schema' | 'json_object' = 'json_schema';

  async function once(request: ChatCall): Promise<ChatResult> {
    const params = chatBody(options, request, responseFormat);
    const promptEstimate = () => countMessageTokens(params.messages as PromptMessage[]);
    if (!request.onContent) {
      const completion = await client.chat.completions.create({ ...params, stream: false }, { signal: request.signal });
      const choice = completion.choices[0];
      const content = choice?.message?.content ?? '';
      return {
        content,
        finishReason: choice?.finish_reason ?? null,
        refusal: choice?.message?.refusal ?? null,
        usage: {
          promptTokens: completion.usage?.prompt_tokens ?? promptEstimate(),
          completionTokens: completion.usage?.completion_tokens ?? countTokens(content),
          calls: 1,
        },
      };
    }
    return streamChat(client, options.timeoutMs, request, params, promptEstimate);
  }

  return {
    get responseFormat() {
      return responseFormat;
    },
    async call(request) {
      try {
        return await once(request);
      } catch (error) {
        if (responseFormat === 'json_schema' && rejectsJsonSchema(error)) {
          responseFormat = 'json_object';
          logger.warn({ model: options.model }, 'server rejected json_schema response_format; using json_object from now on');
          return await once(request);
        }
        throw error;
      }
    },
  };
}

function chatBody(options: ChatCallerOptions, request: ChatCall, responseFormat: 'json_schema' | 'json_object') {
  const messages = withFormatInstruction(request.messages, request.schema, responseFormat);
  return {
    model: options.model,
    temperature: options.temperature,
    [options.tokenParameter]: options.maxOutputTokens,
    messages: messages as ChatCompletionMessageParam[],
    response_format:
      responseFormat === 'json_schema'
        ? { type: 'json_schema' as const, json_schema: { name: request.schema, schema: jsonSchemas[request.schema], strict: true } }
        : { type: 'json_object' as const },
  };
}

/** A streamed call; a silence longer than the timeout inside the body is a stall, cut off. */
async function streamChat(client: OpenAI, timeoutMs: number, request: ChatCall, params: ReturnType<typeof chatBody>, promptEstimate: () => number): Promise<ChatResult> {
  // Our own controller: the stall timer must be able to cut the body off.
  const controller = new AbortController();
  const forward = () => controller.abort(request.signal?.reason);
  if (request.signal?.aborted) forward();
  request.signal?.addEventListener('abort', forward, { once: true });
  let stalled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort(new StreamStalledError(timeoutMs));
    }, timeoutMs);
  };
  try {
    const chunks = await client.chat.completions.create(
      { ...params, stream: true, stream_options: { include_usage: true } },
      { signal: controller.signal },
    );
    arm();
    let content = '';
    let refusal = '';
    let finishReason: string | null = null;
    let usage: ChatCompletionChunk['usage'] = null;
    for await (const chunk of chunks) {
      arm();
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      if (choice.delta?.refusal) refusal += choice.delta.refusal;
      const piece = choice.delta?.content;
      if (piece) {
        content += piece;
        request.onContent?.(content);
      }
    }
    // The SDK ends an aborted stream quietly, so look at why it ended.
    if (stalled) throw new StreamStalledError(timeoutMs);
    if (request.signal?.aborted) throw request.signal.reason ?? new OpenAI.APIUserAbortError();
    return {
      content,
      finishReason,
      refusal: refusal || null,
      usage: {
        promptTokens: usage?.prompt_tokens ?? promptEstimate(),
        completionTokens: usage?.completion_tokens ?? countTokens(content),
        calls: 1,
      },
    };
  } catch (error) {
    if (stalled) throw new StreamStalledError(timeoutMs);
    throw error;
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', forward);
  }
}

function rejectsJsonSchema(error: unknown): boolean {
  return (
    error instanceof OpenAI.APIError &&
    (error.status === 400 || error.status === 422) &&
    /response_format|json_schema/i.test(error.message)
  );
}

function withFormatInstruction(messages: readonly PromptMessage[], schema: SchemaName, format: 'json_schema' | 'json_object'): PromptMessage[] {
  if (format === 'json_schema') return [...messages];
  // json_object mode carries no schema, and OpenAI requires the word "JSON" in the messages.
  const instruction = jsonObjectInstruction(schema, jsonSchemas[schema]);
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n${instruction}` }, ...rest];
  return [{ role: 'system', content: instruction }, ...messages];
}

import OpenAI from 'openai';
import type { Logger } from '../core/logger.ts';
import { createChatCaller, type ChatCaller } from './openai-chat.ts';

// The SDK client and the chat caller on it, as the OpenAI engine's options configure them.

export interface CallInfo {
  model: string;
  schema: string;
  outcome: 'ok' | 'error';
  promptTokens: number;
  completionTokens: number;
}

export interface ClientOptions {
  /** OPENAI_API_KEY; may be empty for a local server that needs none (then baseURL is required). */
  apiKey: string | null;
  /** OPENAI_BASE_URL: an OpenAI-compatible endpoint such as http://localhost:11434/v1 (Ollama). */
  baseURL?: string | null;
  model: string;
  temperature: number;
  maxOutputTokens: number;
  timeoutMs: number;
  maxRetries: number;
  /** Passed to the SDK (tests, proxies). */
  fetch?: typeof fetch;
  /** Observes every model call (metrics): output schema, outcome and tokens used. */
  onCall?: (info: CallInfo) => void;
}

export function createOpenAICaller(options: ClientOptions, logger: Logger): ChatCaller {
  const client = new OpenAI({
    // Local servers (Ollama, llama.cpp) ignore the key, but the SDK insists on one.
    apiKey: options.apiKey || 'no-key',
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    logLevel: 'warn',
    logger: sdkLogger(logger),
  });
  const caller = createChatCaller({
    client,
    model: options.model,
    temperature: options.temperature,
    maxOutputTokens: options.maxOutputTokens,
    timeoutMs: options.timeoutMs,
    tokenParameter: isOpenAIHost(client.baseURL) ? 'max_completion_tokens' : 'max_tokens',
    logger,
  });
  return observedCaller(caller, options.model, options.onCall);
}

/** Reports each call to `onCall` (metrics) without changing what the call returns or throws. */
export function observedCaller(caller: ChatCaller, model: string, onCall: ((info: CallInfo) => void) | undefined): ChatCaller {
  if (!onCall) return caller;
  const report = (info: CallInfo) => {
    try {
      onCall(info);
    } catch {
      // An observer must never change the answer.
    }
  };
  return {
    get responseFormat() {
      return caller.responseFormat;
    },
    async call(request) {
      try {
        const result = await caller.call(request);
        report({ model, schema: request.schema, outcome: 'ok', promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens });
        return result;
      } catch (error) {
        report({ model, schema: request.schema, outcome: 'error', promptTokens: 0, completionTokens: 0 });
        throw error;
      }
    },
  };
}

export function isOpenAIHost(baseURL: string): boolean {
  try {
    return new URL(baseURL).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The SDK's own log lines go through our logger (redaction, JSON) instead of the console. */
function sdkLogger(logger: Logger) {
  const child = logger.child({ component: 'openai-sdk' });
  const fn = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) => child[level](String(message));
  return { debug: fn('debug'), info: fn('info'), warn: fn('warn'), error: fn('error') };
}

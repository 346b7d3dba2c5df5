import type OpenAI from 'openai';
import type { CallOptions } from '../spec/request.js';

/** The SDK's per-request options type (its module path is internal, so it is taken from a method). */
export type OpenAIRequestOptions = NonNullable<Parameters<OpenAI['chat']['completions']['create']>[1]>;

/**
 * Per-request SDK options. `maxRetries: 0` is set on every call, so even a client the user built
 * with the SDK's default of 2 retries makes one HTTP attempt: routewise retries in one place.
 * `withSignal: false` (a non-streamed call stopped through the router's deadline hook) leaves `signal` unread.
 */
export function openAIRequestOptions(options: CallOptions | undefined, withSignal = true): OpenAIRequestOptions {
  const result: OpenAIRequestOptions = { maxRetries: 0 };
  if (withSignal && options?.signal) result.signal = options.signal;
  if (options?.timeoutMs !== undefined) result.timeout = options.timeoutMs;
  if (options?.headers) result.headers = options.headers;
  return result;
}

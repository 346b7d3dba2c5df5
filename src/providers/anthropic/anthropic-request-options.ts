import type Anthropic from '@anthropic-ai/sdk';
import type { CallOptions } from '../spec/request.js';

/** The SDK's per-request options type. */
export type AnthropicRequestOptions = Anthropic.RequestOptions;

/**
 * Per-request SDK options. `maxRetries: 0` is set on every call, so even a client the user built with
 * the SDK's default of 2 retries makes one HTTP attempt: routewise retries in one place.
 *
 * `timeout` is always set (the call's `timeoutMs`, else the client's own timeout, 10 minutes by
 * default). An explicit timeout is also what keeps the SDK's client-side guard from refusing a
 * non-streaming call whose `max_tokens` exceeds ~21,333 ("Streaming is required…") before sending it.
 * `withSignal: false` (a non-streamed call stopped through the router's deadline hook) leaves `signal` unread.
 */
export function anthropicRequestOptions(
  client: Anthropic,
  options: CallOptions | undefined,
  withSignal = true,
): AnthropicRequestOptions {
  const result: AnthropicRequestOptions = {
    maxRetries: 0,
    timeout: options?.timeoutMs ?? client.timeout,
  };
  if (withSignal && options?.signal) result.signal = options.signal;
  if (options?.headers) result.headers = options.headers;
  return result;
}

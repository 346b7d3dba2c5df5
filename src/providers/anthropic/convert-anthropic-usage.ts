import { count, type Usage } from '../spec/usage.js';

/**
 * Anthropic's usage as it arrives: the `Message.usage` of a response, or the running merge of a stream's
 * `message_start` and `message_delta` usages. Every field may be missing or null on the wire.
 */
export interface AnthropicUsage {
  input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation?: { ephemeral_5m_input_tokens?: number | null; ephemeral_1h_input_tokens?: number | null } | null;
  output_tokens?: number | null;
  output_tokens_details?: { thinking_tokens?: number | null } | null;
}

/**
 * Anthropic usage → normalized usage. Anthropic's `input_tokens` excludes cache reads and writes
 * (`RawMessageDeltaEvent.usage` doc: total input = input + cache_creation + cache_read), so they are
 * added back; `output_tokens` is already the inclusive billed total, thinking included.
 */
export function convertAnthropicUsage(usage: AnthropicUsage | null | undefined): Usage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const cacheWrite = count(usage?.cache_creation_input_tokens);
  const normalized: Usage = {
    inputTokens: count(usage?.input_tokens) + cacheWrite + cacheRead,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: count(usage?.output_tokens),
    reasoningTokens: count(usage?.output_tokens_details?.thinking_tokens),
  };
  const oneHour = usage?.cache_creation?.ephemeral_1h_input_tokens;
  if (typeof oneHour === 'number' || typeof oneHour === 'string') normalized.cacheWrite1hTokens = count(oneHour);
  return normalized;
}

/**
 * Merges a `message_delta` usage into the usage seen so far. The delta's counts are cumulative, so a
 * field overwrites only when the delta carries a value (null means "unchanged"), as the SDK's own
 * `MessageStream` does.
 */
export function mergeAnthropicUsage(
  base: AnthropicUsage | undefined,
  delta: AnthropicUsage | null | undefined,
): AnthropicUsage {
  const merged: AnthropicUsage = { ...base };
  if (!delta) return merged;
  for (const key of Object.keys(delta) as Array<keyof AnthropicUsage>) {
    const value = delta[key];
    if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

import { count, type Usage } from '../spec/usage.js';

/** The Responses API usage object (`ResponseUsage`), with every field treated as optional. */
export interface OpenAIResponsesUsage {
  input_tokens?: number | null;
  input_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  output_tokens?: number | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** Normalizes Responses API usage: `input_tokens` includes cached input, `output_tokens` includes reasoning. */
export function convertOpenAIResponsesUsage(usage: OpenAIResponsesUsage | null | undefined): Usage {
  return {
    inputTokens: count(usage?.input_tokens),
    cachedInputTokens: count(usage?.input_tokens_details?.cached_tokens),
    cacheWriteTokens: count(usage?.input_tokens_details?.cache_write_tokens),
    outputTokens: count(usage?.output_tokens),
    reasoningTokens: count(usage?.output_tokens_details?.reasoning_tokens),
  };
}

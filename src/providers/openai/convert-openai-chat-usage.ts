import { count, type Usage } from '../spec/usage.js';

/** The Chat Completions usage object, plus the fields some compatible hosts add (DeepSeek). */
export interface OpenAIChatUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null; cache_write_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek: input tokens served from its disk cache (a part of `prompt_tokens`). */
  prompt_cache_hit_tokens?: number | null;
  /** DeepSeek: input tokens not served from its cache. */
  prompt_cache_miss_tokens?: number | null;
}

/**
 * Normalizes Chat Completions usage. `prompt_tokens` already counts cached input and
 * `completion_tokens` already counts reasoning, so both are taken as the totals.
 */
export function convertOpenAIChatUsage(usage: OpenAIChatUsage | null | undefined): Usage {
  const promptDetails = usage?.prompt_tokens_details;
  // DeepSeek reports cache hits in its own field and sends no `prompt_tokens_details`.
  const cached = promptDetails ? count(promptDetails.cached_tokens) : count(usage?.prompt_cache_hit_tokens);
  return {
    inputTokens: count(usage?.prompt_tokens),
    cachedInputTokens: cached,
    cacheWriteTokens: count(promptDetails?.cache_write_tokens),
    outputTokens: count(usage?.completion_tokens),
    reasoningTokens: count(usage?.completion_tokens_details?.reasoning_tokens),
  };
}

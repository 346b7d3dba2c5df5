import type { GenerateContentResponseUsageMetadata } from '@google/genai';
import { count, type Usage } from '../spec/usage.js';

/**
 * Gemini `usageMetadata` → normalized usage.
 *
 * - `promptTokenCount` already includes the cached-content tokens, so `cachedContentTokenCount` is a part of
 *   it; tool-use prompt tokens are billed as input too, so they are added.
 * - `thoughtsTokenCount` sits outside `candidatesTokenCount` (the d.ts defines the total as prompt +
 *   candidates + toolUsePrompt + thoughts), so billed output is their sum.
 * - Gemini has no per-call cache writes (explicit caches are created and billed separately).
 *
 * In a stream every chunk's `usageMetadata` is a running total: convert the last one, never a sum.
 */
export function convertGoogleUsage(usage: GenerateContentResponseUsageMetadata | undefined): Usage {
  const thoughts = count(usage?.thoughtsTokenCount);
  return {
    inputTokens: count(usage?.promptTokenCount) + count(usage?.toolUsePromptTokenCount),
    cachedInputTokens: count(usage?.cachedContentTokenCount),
    cacheWriteTokens: 0,
    outputTokens: count(usage?.candidatesTokenCount) + thoughts,
    reasoningTokens: thoughts,
  };
}

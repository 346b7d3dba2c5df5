import type { LanguageModelV4Usage } from '@ai-sdk/provider';
import type { Usage } from '../providers/spec/usage.js';

/**
 * Routewise's normalized usage → the AI SDK's. Routewise counts cache reads and writes inside `inputTokens` and
 * reasoning inside `outputTokens`, which is exactly the spec's `total`; the spec's other fields are the parts.
 */
export function convertRoutewiseUsage(usage: Usage): LanguageModelV4Usage {
  const noCache = Math.max(0, usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens);
  const raw: Record<string, number> = {
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    outputTokens: usage.outputTokens,
    reasoningTokens: usage.reasoningTokens,
  };
  if (usage.cacheWrite1hTokens !== undefined) raw.cacheWrite1hTokens = usage.cacheWrite1hTokens;
  return {
    inputTokens: {
      total: usage.inputTokens,
      noCache,
      cacheRead: usage.cachedInputTokens,
      cacheWrite: usage.cacheWriteTokens,
    },
    outputTokens: {
      total: usage.outputTokens,
      text: Math.max(0, usage.outputTokens - usage.reasoningTokens),
      reasoning: usage.reasoningTokens,
    },
    raw,
  };
}

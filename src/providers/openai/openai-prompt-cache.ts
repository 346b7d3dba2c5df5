import type { CacheSetting } from '../spec/request.js';

/**
 * The prompt-caching fields of an OpenAI body (Chat Completions and Responses share them) for a request's `cache`.
 * OpenAI caches long prefixes automatically, so only `cache.key` is sent, as `prompt_cache_key`. `cache.ttl` has no
 * fitting knob in `openai` 6.49.0: `prompt_cache_retention` ('in_memory' | '24h') is deprecated and a maximum, and
 * `prompt_cache_options.ttl` takes only '30m' and needs gpt-5.6+. So `5m` is met by OpenAI's own lifetime (silently)
 * and `1h` becomes a warning.
 */
export function openaiPromptCacheFields(
  cache: CacheSetting | undefined,
  warnings: string[],
): { prompt_cache_key?: string } {
  if (!cache) return {};
  if (cache.ttl === '1h') {
    warnings.push("cache.ttl '1h' was not sent: OpenAI caches prompts automatically with its own lifetime");
  }
  return cache.key !== undefined ? { prompt_cache_key: cache.key } : {};
}

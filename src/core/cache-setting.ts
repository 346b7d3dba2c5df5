// On the ground floor: pricing (a cache write's price) and the adapters' request both name it.

/** Prompt caching: reuse the request's prefix across calls (Anthropic `cache_control`, OpenAI `prompt_cache_key`). */
export interface CacheSetting {
  /** How long a cached prefix lives (Anthropic `5m` default or `1h`; OpenAI and Gemini keep their own lifetimes). */
  ttl?: '5m' | '1h';
  /** A routing key that groups requests sharing a prefix (OpenAI `prompt_cache_key`; other providers ignore it). */
  key?: string;
}

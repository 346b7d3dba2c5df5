import type { CacheSetting } from '../core/cache-setting.js';
import type { ModelPricing } from './price-catalog.js';

/** The worst-case size of one call: its estimated input and its output cap. */
export interface WorstCaseCall {
  /** Upper estimate of the call's input tokens. */
  inputTokens: number;
  /** The call's output cap; it already covers reasoning (the cap is the call's cost ceiling). */
  maxOutputTokens: number;
  /**
   * The request's prompt caching, when it asks for it (`request.cache`): the whole input may then be written to the
   * provider's cache, at the write rate of this TTL (`5m` when none is given).
   */
  cache?: CacheSetting;
}

/**
 * The most a call can cost at the price in force at `at`: the whole output cap used, and every input token at the
 * dearest rate it can be billed at. Tiers are included: an input above a tier's threshold reprices the whole
 * request, output too.
 *
 * Input is plain uncached input, or, when the request asks for prompt caching, possibly all of it written to the
 * cache: Anthropic bills writes above plain input (1.25× for 5 minutes, 2× for an hour) and `request.cache` makes the
 * adapter send `cache_control`, which marks the whole prefix. The dearer of the two is kept, so a provider that bills
 * no write surcharge (OpenAI, Gemini: the catalog has no write rate, so writes cost plain input) is not affected.
 * The cap is priced both as plain output and as reasoning and the dearer is kept, for the rare model that prices
 * reasoning apart.
 */
export function worstCaseCostUsd(pricing: ModelPricing, call: WorstCaseCall, at: Date): number {
  let worst = costWithInput(pricing, call, call.inputTokens, 0, 0, at);
  if (call.cache !== undefined && call.inputTokens > 0) {
    const oneHour = call.cache.ttl === '1h' ? call.inputTokens : 0;
    worst = Math.max(worst, costWithInput(pricing, call, call.inputTokens, call.inputTokens, oneHour, at));
  }
  return worst;
}

/**
 * The dearer of the output cap billed as output or as reasoning, with this input. The usages are written out as
 * literals of one shape: this runs before every budgeted attempt, and usages built by spreading made the price
 * function's property reads polymorphic (~2 µs a call instead of ~0.1 µs).
 */
function costWithInput(
  pricing: ModelPricing,
  call: WorstCaseCall,
  inputTokens: number,
  cacheWriteTokens: number,
  cacheWrite1hTokens: number,
  at: Date,
): number {
  const outputTokens = call.maxOutputTokens;
  const asOutput = pricing.cost(
    { inputTokens, cachedInputTokens: 0, cacheWriteTokens, cacheWrite1hTokens, outputTokens, reasoningTokens: 0 },
    at,
  ).usd;
  const asReasoning = pricing.cost(
    {
      inputTokens,
      cachedInputTokens: 0,
      cacheWriteTokens,
      cacheWrite1hTokens,
      outputTokens,
      reasoningTokens: outputTokens,
    },
    at,
  ).usd;
  return Math.max(asOutput, asReasoning);
}

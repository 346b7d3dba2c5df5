import type { ModelPricing } from './price-catalog.js';

/** The worst-case size of one call: its estimated input and its output cap. */
export interface WorstCaseCall {
  /** Upper estimate of the call's input tokens. */
  inputTokens: number;
  /** The call's output cap; it already covers reasoning (the cap is the call's cost ceiling). */
  maxOutputTokens: number;
}

/**
 * The most a call can cost at the price in force at `at`: every input token uncached and the whole output cap
 * used. Tiers are included: an input above a tier's threshold reprices the whole request, output too.
 *
 * The cap is priced both as plain output and as reasoning and the dearer is kept, for the rare model that prices
 * reasoning apart. Cache writes are NOT assumed: they cost more than plain input on Anthropic (1.25× for 5 minutes,
 * 2× for an hour), but only happen when a request marks cache breakpoints, which the adapters never do.
 */
export function worstCaseCostUsd(pricing: ModelPricing, call: WorstCaseCall, at: Date): number {
  const base = { inputTokens: call.inputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const asOutput = pricing.cost({ ...base, outputTokens: call.maxOutputTokens, reasoningTokens: 0 }, at).usd;
  const asReasoning = pricing.cost(
    { ...base, outputTokens: call.maxOutputTokens, reasoningTokens: call.maxOutputTokens },
    at,
  ).usd;
  return Math.max(asOutput, asReasoning);
}

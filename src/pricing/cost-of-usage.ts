import type { Usage as GenaiUsage, Provider } from '@pydantic/genai-prices';
import { calcPrice } from './genai-prices.js';
import { RoutewiseError } from '../errors.js';
import type { Usage } from '../core/usage.js';

/** What one call cost, in USD. */
export interface CostBreakdown {
  /** Total cost of the call (input + output, plus any per-request fee the model has). */
  usd: number;
  /** Cost of all input tokens: uncached, cache reads and cache writes. */
  inputUsd: number;
  /** Cost of all output tokens, reasoning included. */
  outputUsd: number;
}

/**
 * Maps a normalized usage to genai-prices' usage keys. Both count input the same way: `input_tokens` is ALL input
 * and the cache counts are parts of it; `output_tokens` is all output and `output_reasoning_tokens` a part of it.
 *
 * What genai-prices then does with each part (checked against the bundled 0.1.8 data):
 * - a part whose rate the model has no price for is billed at its parent's rate. So cache writes on a model with no
 *   `cache_write_mtok` (OpenAI, Gemini: they charge no write surcharge) cost plain input, one-hour writes on a model
 *   with no `cache_write_1h_mtok` cost the 5-minute write rate, and reasoning costs plain output unless the model
 *   prices it apart (Perplexity's deep research does);
 * - a 1h write count is only accepted together with the total write count, hence `cache_write_tokens` always goes;
 * - it checks that parts fit their whole ONLY for units the model prices: on `gpt-5` (no write price) a usage with
 *   cached + writes > input is silently priced with the surplus dropped. So we check every usage here and throw:
 *   the router passes a provider's usage through `reconcileUsage` first, so an inconsistent one here is a bug.
 */
export function toGenaiPricesUsage(usage: Usage): GenaiUsage {
  checkUsage(usage);
  const { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens } = usage;
  const cacheWrite1hTokens = usage.cacheWrite1hTokens ?? 0;
  const mapped: GenaiUsage = { input_tokens: inputTokens, output_tokens: outputTokens };
  if (cachedInputTokens > 0) mapped.cache_read_tokens = cachedInputTokens;
  if (cacheWriteTokens > 0) mapped.cache_write_tokens = cacheWriteTokens;
  if (cacheWrite1hTokens > 0) mapped.cache_write_1h_tokens = cacheWrite1hTokens;
  if (reasoningTokens > 0) mapped.output_reasoning_tokens = reasoningTokens;
  return mapped;
}

/**
 * Throws `InconsistentUsageError` unless every count is finite and ≥ 0 and every part fits its whole (cache reads
 * + writes ≤ input, 1h writes ≤ writes, reasoning ≤ output). Allocation-free: it runs on every priced call.
 */
export function checkUsage(usage: Usage): void {
  const { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens } = usage;
  const cacheWrite1hTokens = usage.cacheWrite1hTokens ?? 0;
  checkCount('inputTokens', inputTokens, usage);
  checkCount('cachedInputTokens', cachedInputTokens, usage);
  checkCount('cacheWriteTokens', cacheWriteTokens, usage);
  checkCount('cacheWrite1hTokens', cacheWrite1hTokens, usage);
  checkCount('outputTokens', outputTokens, usage);
  checkCount('reasoningTokens', reasoningTokens, usage);
  if (cachedInputTokens + cacheWriteTokens > inputTokens) {
    throw new InconsistentUsageError(
      `cachedInputTokens (${cachedInputTokens}) + cacheWriteTokens (${cacheWriteTokens}) exceed inputTokens ` +
        `(${inputTokens}); they are parts of it`,
      usage,
    );
  }
  if (cacheWrite1hTokens > cacheWriteTokens) {
    throw new InconsistentUsageError(
      `cacheWrite1hTokens (${cacheWrite1hTokens}) exceed cacheWriteTokens (${cacheWriteTokens}); they are a part of it`,
      usage,
    );
  }
  if (reasoningTokens > outputTokens) {
    throw new InconsistentUsageError(
      `reasoningTokens (${reasoningTokens}) exceed outputTokens (${outputTokens}); they are a part of it`,
      usage,
    );
  }
}

function checkCount(name: string, value: unknown, usage: Usage): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InconsistentUsageError(`usage.${name} is ${String(value)}; token counts must be finite and ≥ 0`, usage);
  }
}

/**
 * The cost of a usage for one model at time `at` (the price in force then: start dates, off-peak hours, and
 * tiers decided by the total input of the call). `provider` holds that one model, so nothing is searched per call.
 */
export function costOfUsage(provider: Provider, model: string, usage: Usage, at: Date): CostBreakdown {
  const result = calcPrice(toGenaiPricesUsage(usage), model, { provider, timestamp: at });
  // The provider was built from this very model at lookup, so a miss here is a bug, never a $0 call.
  if (!result) throw new Error(`genai-prices found no price for "${model}" in the provider built for it`);
  return { usd: result.total_price, inputUsd: result.input_price, outputUsd: result.output_price };
}

/** A usage whose parts do not fit their wholes (e.g. cached + cache-write tokens above the input). A bug upstream. */
export class InconsistentUsageError extends RoutewiseError {
  /** The usage that was refused. */
  readonly usage: Usage;
  constructor(message: string, usage: Usage) {
    super(`inconsistent usage: ${message}`);
    this.usage = usage;
  }
}

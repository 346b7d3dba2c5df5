/**
 * Token usage of one provider call, normalized across providers.
 *
 * `inputTokens` counts all input: `cachedInputTokens` and `cacheWriteTokens` are parts of it.
 * `outputTokens` counts all billed output: `reasoningTokens` is a part of it.
 */
export interface Usage {
  /** All input tokens, cached reads and cache writes included. */
  inputTokens: number;
  /** Input tokens served from the provider's prompt cache (a part of `inputTokens`). */
  cachedInputTokens: number;
  /** Input tokens written to the provider's prompt cache (a part of `inputTokens`). */
  cacheWriteTokens: number;
  /** Of `cacheWriteTokens`, those written with a one-hour TTL (Anthropic); the rest are 5-minute writes. */
  cacheWrite1hTokens?: number;
  /** All billed output tokens, reasoning included. */
  outputTokens: number;
  /** Reasoning or thinking tokens (a part of `outputTokens`). */
  reasoningTokens: number;
}

/** A usage with every count at zero. */
export function emptyUsage(): Usage {
  return { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0 };
}

/** Adds two usages field by field (used to total the attempts of one request). */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
  };
  if (a.cacheWrite1hTokens !== undefined || b.cacheWrite1hTokens !== undefined) {
    sum.cacheWrite1hTokens = (a.cacheWrite1hTokens ?? 0) + (b.cacheWrite1hTokens ?? 0);
  }
  return sum;
}

/**
 * Reads a token count that a provider may send as a number, a numeric string (`"100"`: some proxies and
 * compatible hosts quote them), null or not at all. Anything else, negative or not finite counts as 0.
 */
export function count(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0;
}

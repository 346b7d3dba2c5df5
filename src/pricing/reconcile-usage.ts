import type { Usage } from '../core/usage.js';

/** A usage made consistent, and what was wrong with the one reported. */
export interface ReconciledUsage {
  /** The usage to price: every count finite and ≥ 0, every part within its whole. */
  usage: Usage;
  /** What contradicted itself, one phrase per problem; empty when the reported usage was already consistent. */
  problems: string[];
}

/**
 * Makes a reported usage priceable instead of throwing the answer away: a count that is not a finite number ≥ 0
 * becomes 0, and a part larger than its whole raises the whole rather than shrinking the part, since the usual
 * cause is a host reporting the whole without its parts (an `input_tokens` without the cache reads, as Anthropic
 * counts it; a `completion_tokens` without the reasoning, as Gemini counts it). That reading is also the dearer
 * one, so a budget is never charged less than the tokens the provider said it used. Returns the usage itself,
 * with no problems, when it is consistent (the common case allocates one empty array).
 */
export function reconcileUsage(reported: Usage): ReconciledUsage {
  if (usageIsConsistent(reported)) return { usage: reported, problems: [] };
  const problems: string[] = [];
  const read = (name: string, value: unknown): number => {
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
    problems.push(`${name} was ${String(value)}`);
    return 0;
  };
  let inputTokens = read('inputTokens', reported.inputTokens);
  const cachedInputTokens = read('cachedInputTokens', reported.cachedInputTokens);
  let cacheWriteTokens = read('cacheWriteTokens', reported.cacheWriteTokens);
  const oneHour =
    reported.cacheWrite1hTokens === undefined ? undefined : read('cacheWrite1hTokens', reported.cacheWrite1hTokens);
  let outputTokens = read('outputTokens', reported.outputTokens);
  const reasoningTokens = read('reasoningTokens', reported.reasoningTokens);

  if (oneHour !== undefined && oneHour > cacheWriteTokens) {
    problems.push(`1-hour cache writes (${oneHour}) exceeded all cache writes (${cacheWriteTokens})`);
    // The 1h writes were left out of the writes, and so out of the input they are a part of.
    cacheWriteTokens += oneHour;
    inputTokens += oneHour;
  }
  if (cachedInputTokens + cacheWriteTokens > inputTokens) {
    problems.push(
      `cached (${cachedInputTokens}) + cache-write (${cacheWriteTokens}) tokens exceeded the input (${inputTokens})`,
    );
    inputTokens += cachedInputTokens + cacheWriteTokens;
  }
  if (reasoningTokens > outputTokens) {
    problems.push(`reasoning tokens (${reasoningTokens}) exceeded the output (${outputTokens})`);
    outputTokens += reasoningTokens;
  }
  if (problems.length === 0) return { usage: reported, problems };
  const usage: Usage = { inputTokens, cachedInputTokens, cacheWriteTokens, outputTokens, reasoningTokens };
  if (oneHour !== undefined) usage.cacheWrite1hTokens = oneHour;
  return { usage, problems };
}

/**
 * Whether a usage needs no reconciling: every count a finite number ≥ 0, every part within its whole. The check
 * `reconcileUsage` starts with, without its closures or arrays: it runs on every answered call.
 */
export function usageIsConsistent(usage: Usage): boolean {
  const { inputTokens, cachedInputTokens, cacheWriteTokens, cacheWrite1hTokens, outputTokens, reasoningTokens } = usage;
  return (
    isCount(inputTokens) &&
    isCount(cachedInputTokens) &&
    isCount(cacheWriteTokens) &&
    isCount(outputTokens) &&
    isCount(reasoningTokens) &&
    (cacheWrite1hTokens === undefined || (isCount(cacheWrite1hTokens) && cacheWrite1hTokens <= cacheWriteTokens)) &&
    cachedInputTokens + cacheWriteTokens <= inputTokens &&
    reasoningTokens <= outputTokens
  );
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

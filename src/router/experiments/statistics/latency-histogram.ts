// Latency percentiles that several processes can build together: a histogram of fixed log-spaced buckets, each a
// counter in the store, instead of a sample of recent values that lives in one process.

/** Buckets per doubling: each bucket spans a factor 2^(1/8) ≈ 1.09, so a percentile is within ±4.4%. */
export const BUCKETS_PER_DOUBLING = 8;

/** The lowest bucket starts at 2^-3 ms = 0.125 ms (faster answers count there). */
const LOWEST_EXPONENT = -3;

/** The highest bucket starts at 2^20 ms ≈ 17.5 minutes (slower answers count there). */
const HIGHEST_EXPONENT = 20;

/** How many buckets the histogram has. */
export const LATENCY_BUCKETS = (HIGHEST_EXPONENT - LOWEST_EXPONENT) * BUCKETS_PER_DOUBLING + 1;

/** The bucket a latency (ms) counts in, 0 … LATENCY_BUCKETS − 1. */
export function latencyBucket(ms: number): number {
  if (!(ms > 0)) return 0;
  const index = Math.floor((Math.log2(ms) - LOWEST_EXPONENT) * BUCKETS_PER_DOUBLING);
  return Math.min(LATENCY_BUCKETS - 1, Math.max(0, index));
}

/** The value a bucket stands for: the geometric middle of its range, in ms. */
export function bucketMiddle(index: number): number {
  return 2 ** (LOWEST_EXPONENT + (index + 0.5) / BUCKETS_PER_DOUBLING);
}

/**
 * The q-th quantile of the counted latencies (nearest rank: the bucket holding the ⌈q × n⌉-th value), as its
 * bucket's middle. Undefined when nothing was counted.
 */
export function histogramPercentile(counts: readonly number[], q: number): number | undefined {
  const n = counts.reduce((sum, c) => sum + c, 0);
  if (n <= 0) return undefined;
  const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * n));
  let seen = 0;
  for (const [index, count] of counts.entries()) {
    seen += count;
    if (seen >= rank) return bucketMiddle(index);
  }
  return bucketMiddle(counts.length - 1);
}

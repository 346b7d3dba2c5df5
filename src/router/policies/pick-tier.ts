/**
 * The tier for a score: tiers are ordered weakest first and `thresholds` ascend, one fewer than the tiers;
 * the score picks the tier after the last threshold it reaches (score ≥ threshold). With two tiers and
 * threshold t: score ≥ t → the stronger tier.
 */
export function pickTier<T>(score: number, thresholds: ReadonlyArray<number>, tiers: ReadonlyArray<T>): T {
  let index = 0;
  while (index < thresholds.length && score >= (thresholds[index] as number)) index++;
  return tiers[index] as T;
}

/** Evenly spaced default thresholds for `n` tiers: 0.5 for two, 1/3 and 2/3 for three, and so on. */
export function defaultThresholds(n: number): number[] {
  return Array.from({ length: n - 1 }, (_, i) => (i + 1) / n);
}

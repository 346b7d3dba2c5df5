import type { SampleMoments } from './mean-interval.js';

/** Count, sum and sum of squares of a stream of numbers: what atomic increments in a store can keep. */
export interface MomentSums {
  /** How many values. */
  n: number;
  /** Their sum. */
  sum: number;
  /** The sum of their squares. */
  sumSquares: number;
}

/** Sample moments with their sum (a report shows totals as well as means). */
export interface StoredMoments extends SampleMoments {
  /** Sum of the values. */
  sum: number;
}

/**
 * Relative size of `Σx² − (Σx)²/n` below which it is rounding noise, not spread. Summing n doubles loses about
 * n × 2⁻⁵³ of Σx², so a million identical costs leave ~1e-10 × Σx² of noise: 1e-9 is above that and far below
 * any real spread (it zeroes a coefficient of variation under 3e-5 only).
 */
const CANCELLATION_TOLERANCE = 1e-9;

/**
 * Mean and sample variance from count, sum and sum of squares. The textbook formula cancels catastrophically
 * when every value is the same; below `CANCELLATION_TOLERANCE` of Σx² the spread is taken as 0, so identical
 * costs give an interval that collapses onto the mean, as Welford's update did.
 */
export function momentsFromSums(sums: MomentSums): StoredMoments {
  const { n, sum, sumSquares } = sums;
  if (n <= 0) return { n: 0, mean: 0, variance: 0, sum: 0 };
  const mean = sum / n;
  if (n < 2) return { n, mean, variance: 0, sum };
  const deviations = sumSquares - (sum * sum) / n;
  const m2 = deviations <= CANCELLATION_TOLERANCE * Math.abs(sumSquares) ? 0 : deviations;
  return { n, mean, variance: m2 / (n - 1), sum };
}

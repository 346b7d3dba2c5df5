import type { Estimate } from './estimate.js';
import { studentTQuantile } from './student-t.js';

/** What a mean interval needs of a sample: its size, mean and sample variance. */
export interface SampleMoments {
  n: number;
  mean: number;
  /** Sample variance, n − 1 in the denominator. */
  variance: number;
}

/**
 * The t interval of a mean: mean ± t(1 − α/2, n − 1) × s / √n (for large n, the normal approximation). The point
 * estimate alone when n is 1; undefined when n is 0.
 */
export function meanInterval(sample: SampleMoments, confidence = 0.95): Estimate | undefined {
  const { n, mean, variance } = sample;
  if (n <= 0) return undefined;
  if (n === 1) return { value: mean, low: null, high: null, n };
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { value: mean, low: mean - half, high: mean + half, n };
}

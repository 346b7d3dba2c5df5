import type { Estimate } from './estimate.js';
import { normalQuantile } from './student-t.js';

/**
 * The Wilson score interval of a proportion: `successes` out of `n`, at `confidence` (default 0.95). Unlike the
 * normal (Wald) interval it stays inside [0, 1] and is sensible at 0/n and n/n. Undefined when n is 0.
 */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): Estimate | undefined {
  if (n <= 0) return undefined;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, center - half), high: Math.min(1, center + half), n };
}

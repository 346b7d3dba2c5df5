import type { Estimate } from './estimate.js';
import type { SampleMoments } from './mean-interval.js';
import { studentTQuantile } from './student-t.js';
import { wilsonInterval } from './wilson-interval.js';

/**
 * Welch's interval for the difference of two means, `b − a`, without assuming equal variances: the standard error
 * √(s²a/na + s²b/nb) and the Welch–Satterthwaite degrees of freedom. Undefined when either sample is empty; the
 * point estimate alone when either has fewer than two values.
 */
export function welchDifference(a: SampleMoments, b: SampleMoments, confidence = 0.95): Estimate | undefined {
  if (a.n <= 0 || b.n <= 0) return undefined;
  const value = b.mean - a.mean;
  const n = Math.min(a.n, b.n);
  if (a.n < 2 || b.n < 2) return { value, low: null, high: null, n };
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { value, low: value, high: value, n };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const half = studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { value, low: value - half, high: value + half, n };
}

/**
 * Newcombe's hybrid score interval for the difference of two proportions, `pb − pa` (his method 10): built from
 * the two Wilson intervals, so it behaves at 0 and 1 where the Wald interval does not. Undefined when either
 * sample is empty.
 */
export function proportionDifference(
  a: { successes: number; n: number },
  b: { successes: number; n: number },
  confidence = 0.95,
): Estimate | undefined {
  const wa = wilsonInterval(a.successes, a.n, confidence);
  const wb = wilsonInterval(b.successes, b.n, confidence);
  if (!wa || !wb) return undefined;
  const pa = wa.value;
  const pb = wb.value;
  const value = pb - pa;
  const la = wa.low as number;
  const ua = wa.high as number;
  const lb = wb.low as number;
  const ub = wb.high as number;
  return {
    value,
    low: value - Math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2),
    high: value + Math.sqrt((ub - pb) ** 2 + (pa - la) ** 2),
    n: Math.min(a.n, b.n),
  };
}

import { describe, expect, it } from 'vitest';
import { proportionDifference, welchDifference } from '../../src/router/experiments/statistics/difference-intervals.js';
import {
  bucketMiddle,
  histogramPercentile,
  LATENCY_BUCKETS,
  latencyBucket,
} from '../../src/router/experiments/statistics/latency-histogram.js';
import { meanInterval } from '../../src/router/experiments/statistics/mean-interval.js';
import { momentsFromSums } from '../../src/router/experiments/statistics/moment-sums.js';
import { percentile } from '../../src/router/experiments/statistics/percentile.js';
import { RunningMoments } from '../helpers/running-moments.js';
import { normalQuantile, studentTCdf, studentTQuantile } from '../../src/router/experiments/statistics/student-t.js';
import { wilsonInterval } from '../../src/router/experiments/statistics/wilson-interval.js';

function moments(values: number[]): RunningMoments {
  const m = new RunningMoments();
  for (const v of values) m.add(v);
  return m;
}

describe('normal and t quantiles', () => {
  it('match the printed tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
    expect(normalQuantile(0.999)).toBeCloseTo(3.090232, 6);
    // t(0.975, df) for df = 1, 2, 5, 10, 30, 1000
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706205, 5);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302653, 6);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.570582, 6);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228139, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.042272, 6);
    expect(studentTQuantile(0.975, 1000)).toBeCloseTo(1.962339, 6);
    expect(studentTQuantile(0.995, 3)).toBeCloseTo(5.840909, 5);
    // Fractional degrees of freedom (Welch's) and the lower tail.
    expect(studentTQuantile(0.9, 7.5)).toBeCloseTo(1.405212, 6);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.570582, 6);
    expect(studentTCdf(-1.5, 4)).toBeCloseTo(0.104, 6);
  });
});

describe('wilsonInterval', () => {
  it('8 of 10: p = 0.8, center (p + z²/2n)/(1 + z²/n) = 0.71674, half-width 0.22658', () => {
    const w = wilsonInterval(8, 10)!;
    expect(w.value).toBe(0.8);
    expect(w.low).toBeCloseTo(0.490162, 6);
    expect(w.high).toBeCloseTo(0.943318, 6);
    expect(w.n).toBe(10);
  });

  it('stays inside [0, 1] at 0 of n, and is undefined for n = 0', () => {
    const w = wilsonInterval(0, 10)!;
    expect(w.low).toBe(0);
    expect(w.high).toBeCloseTo(0.277533, 6);
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });
});

describe('meanInterval', () => {
  it('[1..5]: mean 3, s = √2.5, t(0.975, 4) = 2.776445 → 3 ± 1.963243', () => {
    const m = meanInterval(moments([1, 2, 3, 4, 5]))!;
    expect(m.value).toBe(3);
    expect(m.low).toBeCloseTo(1.036757, 6);
    expect(m.high).toBeCloseTo(4.963243, 6);
  });

  it('gives the point estimate alone for one value and nothing for none', () => {
    expect(meanInterval(moments([7]))).toEqual({ value: 7, low: null, high: null, n: 1 });
    expect(meanInterval(moments([]))).toBeUndefined();
  });
});

describe('welchDifference', () => {
  it('b = [2,4,…,12] minus a = [1..5]: 4, Welch df 6.9723, CI [0.016531, 7.983469]', () => {
    // va = 2.5/5 = 0.5, vb = 14/6 = 2.3333; se = √2.8333 = 1.68325; df = 2.8333² / (0.5²/4 + 2.3333²/5) = 6.97226
    const d = welchDifference(moments([1, 2, 3, 4, 5]), moments([2, 4, 6, 8, 10, 12]))!;
    expect(d.value).toBe(4);
    expect(d.low).toBeCloseTo(0.016531, 5);
    expect(d.high).toBeCloseTo(7.983469, 5);
    expect(d.n).toBe(5);
  });

  it('collapses to the point when both samples are constant, and has no interval below two values', () => {
    expect(welchDifference(moments([1, 1]), moments([3, 3, 3]))).toEqual({ value: 2, low: 2, high: 2, n: 2 });
    expect(welchDifference(moments([1]), moments([3, 4]))).toEqual({ value: 2.5, low: null, high: null, n: 1 });
    expect(welchDifference(moments([]), moments([3, 4]))).toBeUndefined();
  });
});

describe('proportionDifference (Newcombe hybrid score)', () => {
  it("reproduces Newcombe's (1998) worked example: 56/70 vs 48/80 → 0.2000 (0.0524, 0.3339)", () => {
    const d = proportionDifference({ successes: 56, n: 70 }, { successes: 48, n: 80 })!;
    expect(d.value).toBeCloseTo(-0.2, 12);
    expect(d.low).toBeCloseTo(-0.333873, 6);
    expect(d.high).toBeCloseTo(-0.052431, 6);
    expect(d.n).toBe(70);
  });
});

describe('percentile and RunningMoments', () => {
  it('interpolates linearly between order statistics (NumPy default)', () => {
    const sorted = [15, 20, 35, 40, 50];
    expect(percentile(sorted, 0.5)).toBe(35);
    expect(percentile(sorted, 0.95)).toBeCloseTo(48, 12);
    expect(percentile(sorted, 0.9)).toBeCloseTo(46, 12);
    expect(percentile([], 0.5)).toBeUndefined();
  });

  it('keeps mean and sample variance, and removing a value undoes adding it', () => {
    const m = moments([1, 2, 3, 4, 5]);
    expect(m.mean).toBe(3);
    expect(m.variance).toBeCloseTo(2.5, 12);
    expect(m.sum).toBeCloseTo(15, 12);
    m.remove(5);
    expect(m.n).toBe(4);
    expect(m.mean).toBeCloseTo(2.5, 12);
    expect(m.variance).toBeCloseTo(5 / 3, 12);
  });
});

describe('momentsFromSums (the moments a store keeps as counters)', () => {
  const sums = (values: number[]) => ({
    n: values.length,
    sum: values.reduce((s, v) => s + v, 0),
    sumSquares: values.reduce((s, v) => s + v * v, 0),
  });

  it('[1..5]: mean 3, variance 2.5, as Welford gives', () => {
    expect(momentsFromSums(sums([1, 2, 3, 4, 5]))).toEqual({ n: 5, mean: 3, variance: 2.5, sum: 15 });
    const welford = moments([0.2, 0.4, 0.6, 0.8, 1]);
    const fromSums = momentsFromSums(sums([0.2, 0.4, 0.6, 0.8, 1]));
    expect(fromSums.variance).toBeCloseTo(welford.variance, 14);
  });

  it('gives exactly 0 spread for a thousand identical costs, where Σx² − (Σx)²/n is rounding noise', () => {
    const cost = 0.000_123_4;
    const raw = sums(Array.from({ length: 1000 }, () => cost));
    expect(raw.sumSquares - (raw.sum * raw.sum) / raw.n).not.toBe(0);
    expect(momentsFromSums(raw).variance).toBe(0);
  });

  it('keeps a small real spread, and is empty for no values', () => {
    const m = momentsFromSums(sums([1, 1.001, 0.999, 1, 1.002]));
    expect(m.variance).toBeCloseTo(moments([1, 1.001, 0.999, 1, 1.002]).variance, 12);
    expect(m.variance).toBeGreaterThan(0);
    expect(momentsFromSums({ n: 0, sum: 0, sumSquares: 0 })).toEqual({ n: 0, mean: 0, variance: 0, sum: 0 });
  });
});

describe('latency histogram', () => {
  it('puts each latency in a bucket whose middle is within 4.5% of it', () => {
    for (const ms of [0.2, 1, 3.7, 42, 999, 12_345, 600_000]) {
      const middle = bucketMiddle(latencyBucket(ms));
      expect(Math.abs(middle / ms - 1)).toBeLessThan(0.045);
    }
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(1e9)).toBe(LATENCY_BUCKETS - 1);
  });

  it('reads nearest-rank percentiles from the counts, close to the exact ones', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 10 + i * 0.5);
    const counts = Array.from({ length: LATENCY_BUCKETS }, () => 0);
    for (const v of values) counts[latencyBucket(v)]! += 1;
    for (const q of [0.5, 0.95]) {
      const exact = percentile(values, q)!;
      expect(Math.abs(histogramPercentile(counts, q)! / exact - 1)).toBeLessThan(0.045);
    }
    expect(
      histogramPercentile(
        counts.map(() => 0),
        0.5,
      ),
    ).toBeUndefined();
  });
});

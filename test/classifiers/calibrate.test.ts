import { describe, expect, it } from 'vitest';
import { calibrate, calibrateLambda } from '../../src/calibration/calibrate.js';
import { seededRandom } from '../../src/classifiers/train-learned.js';

const random = seededRandom(42);
const scores = Array.from({ length: 1000 }, () => random());
const routedShare = (threshold: number) => scores.filter((s) => s >= threshold).length / scores.length;

describe('calibrate', () => {
  it('hits a target share of strong calls', () => {
    for (const target of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      const result = calibrate({ scores, targetStrongShare: target });
      expect(result.strongShare).toBeCloseTo(target, 3);
      expect(routedShare(result.threshold)).toBeCloseTo(target, 3);
      expect(result.reached).toBe(true);
    }
    expect(calibrate({ scores, targetStrongShare: 0 }).threshold).toBe(Number.POSITIVE_INFINITY);
  });

  it('moves tied scores together', () => {
    const result = calibrate({ scores: [0.9, 0.5, 0.5, 0.5, 0.1], targetStrongShare: 0.5 });
    expect(result).toEqual({ threshold: 0.9, strongShare: 0.2, reached: true });
  });

  it('finds the fewest strong calls reaching a quality', () => {
    // The strong tier helps exactly on the 300 highest scores.
    const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    const helped = new Set(order.slice(0, 300));
    const weak = scores.map((_, i) => (helped.has(i) ? 0 : 1));
    const strong = scores.map(() => 1);
    const result = calibrate({ scores, outcomes: { weak, strong }, targetQuality: 0.85 });
    expect(result.strongShare).toBeCloseTo(0.15, 3);
    expect(result.quality).toBeCloseTo(0.85, 3);
    expect(result.reached).toBe(true);
    const unreachable = calibrate({ scores, outcomes: { weak, strong }, targetQuality: 1.1 });
    expect(unreachable.reached).toBe(false);
    expect(unreachable.quality).toBe(1);
  });

  it('keeps cost within a share of all-strong', () => {
    // strong costs 10, weak 1: routing share s costs (1 − s) + 10 s out of 10.
    const result = calibrate({ scores, costs: { weak: 1, strong: 10 }, maxCostShare: 0.5 });
    expect(result.strongShare).toBeCloseTo(4 / 9, 2);
    expect(result.costShare!).toBeLessThanOrEqual(0.5);
    expect(result.costShare!).toBeGreaterThan(0.49);
    expect(calibrate({ scores, costs: { weak: 1, strong: 10 }, maxCostShare: 0.05 }).reached).toBe(false);
  });
});

describe('calibrateLambda', () => {
  // Three models; per query the large model is best, the medium one is right on half, the small one on a quarter.
  const predictions = Array.from({ length: 400 }, (_, i) => ({
    small: i % 4 === 0 ? 0.9 : 0.2,
    medium: i % 2 === 0 ? 0.9 : 0.3,
    large: 0.95,
  }));
  const costs = { small: 0.01, medium: 0.1, large: 1 };

  it('λ = 0 buys the best predicted quality; larger λ trades it for cost', () => {
    const best = calibrateLambda({ predictions, costs, targetQuality: 0.95 });
    expect(best.shares).toEqual({ large: 1 });
    const cheap = calibrateLambda({ predictions, costs, maxCostShare: 0.2 });
    expect(cheap.costShare).toBeLessThanOrEqual(0.2);
    expect(cheap.quality).toBeGreaterThan(0.6);
    expect(cheap.lambda).toBeGreaterThan(best.lambda);
    expect(cheap.reached).toBe(true);
  });
});

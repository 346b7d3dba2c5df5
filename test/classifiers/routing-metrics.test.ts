import { describe, expect, it } from 'vitest';
import { apgr, cpt, rocAuc, routingCurve } from '../../src/eval/metrics/routing-metrics.js';

// Four queries: the strong model helps on 0 and 1 only.
const weak = [0, 0, 1, 1];
const strong = [1, 1, 1, 0];

describe('routing metrics', () => {
  it('rocAuc: perfect, reversed and tied rankings', () => {
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1);
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [1, 1, 0, 0])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0])).toBe(0.5);
    expect(rocAuc([0.9, 0.3, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.75);
  });

  it('routingCurve: one point per threshold, ties together', () => {
    expect(routingCurve([0.9, 0.5, 0.5, 0.1], weak, strong)).toEqual([
      { threshold: Number.POSITIVE_INFINITY, strongShare: 0, quality: 0.5 },
      { threshold: 0.9, strongShare: 0.25, quality: 0.75 },
      { threshold: 0.5, strongShare: 0.75, quality: 1 },
      { threshold: 0.1, strongShare: 1, quality: 0.75 },
    ]);
  });

  it('apgr: oracle, worst order and a hand-computed case', () => {
    // weak 0.5, strong 0.75, gap 0.25. Oracle curve: 0.5 → 0.75 → 1 → 1 → 0.75 at shares 0, ¼, ½, ¾, 1.
    // Area above weak = ¼ × (0.125 + 0.375 + 0.5 + 0.375) = 0.34375 → APGR 1.375.
    expect(apgr([4, 3, 2, 1], weak, strong)).toBeCloseTo(1.375, 12);
    // Worst: the harmful query first: 0.5 → 0.25 → 0.25 → 0.5 → 0.75: area = ¼ × (−0.125 − 0.25 − 0.125 + 0.125).
    expect(apgr([2, 3, 4, 5], weak, strong)).toBeCloseTo((0.25 * -0.375) / 0.25, 12);
    // All tied: a straight line from weak to strong → 0.5, as random routing in expectation.
    expect(apgr([1, 1, 1, 1], weak, strong)).toBeCloseTo(0.5, 12);
  });

  it('cpt: the smallest strong share reaching the target', () => {
    expect(cpt([4, 3, 2, 1], weak, strong, 0.5)).toBeCloseTo(0.125, 12); // 0.625 reached halfway to ¼
    expect(cpt([4, 3, 2, 1], weak, strong, 1)).toBeCloseTo(0.25, 12);
    expect(cpt([1, 1, 1, 1], weak, strong, 0.5)).toBeCloseTo(0.5, 12);
    expect(cpt([2, 3, 4, 5], weak, strong, 0.5)).toBeCloseTo(0.875, 12);
  });
});

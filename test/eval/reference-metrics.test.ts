import { describe, expect, it } from 'vitest';
import { npInterp } from '../../src/eval/metrics/np-interp.js';
import { hullMaxCost, routeLlmApgr, routeLlmCpt, routerBenchAiq } from '../../src/eval/metrics/reference-metrics.js';

// Expected values below were computed with the reference procedures themselves, run under numpy 2.4 on these exact
// fixtures: RouteLLM's `evaluate.py` (`apgr_metric`: np.trapz over the points sorted by strong share, minus the
// always-weak area, over the always-strong minus always-weak area; `pct_call_metric`: np.interp of the target quality
// over the qualities) and RouterBench's `evaluation/AIQ.py` (`get_non_descreasing_convex_hull_of`, `calc_AIQ`).
const xy = (points: [number, number][]) => points.map(([x, y]) => ({ x, y }));
const weak = 0.3;
const strong = 0.75;

describe('RouteLLM APGR and CPT, as evaluate.py computes them', () => {
  // A: not monotone. B: a single cascade point plus always-strong. C, D: longer, D with a dip that sends numpy's
  // search past the first crossing.
  const A = xy([
    [0, 0.3],
    [0.1, 0.45],
    [0.2, 0.4],
    [0.35, 0.6],
    [0.5, 0.55],
    [0.7, 0.7],
    [0.9, 0.72],
  ]);
  const B = xy([
    [0.25, 0.6],
    [1, 0.75],
  ]);
  const C = xy([
    [0, 0.3],
    [0.05, 0.5],
    [0.1, 0.42],
    [0.15, 0.56],
    [0.3, 0.5],
    [0.45, 0.62],
    [0.6, 0.58],
    [0.8, 0.7],
    [1, 0.75],
  ]);
  const D = xy([
    [0, 0.3],
    [0.1, 0.4],
    [0.2, 0.45],
    [0.3, 0.5],
    [0.4, 0.7],
    [0.5, 0.45],
    [0.6, 0.5],
    [0.8, 0.6],
    [1, 0.75],
  ]);

  it('APGR over the points own span (A ends at 0.9, B starts at 0.25)', () => {
    expect(routeLlmApgr(A, weak, strong)).toBeCloseTo(0.5882716049382717, 12);
    expect(routeLlmApgr(B, weak, strong)).toBeCloseTo(0.8333333333333336, 12);
    expect(routeLlmApgr(C, weak, strong)).toBeCloseTo(0.6533333333333333, 12);
    expect(routeLlmApgr(D, weak, strong)).toBeCloseTo(0.5222222222222223, 12);
    // Order of the input does not matter: RouteLLM sorts by share first.
    expect(routeLlmApgr([...A].reverse(), weak, strong)).toBeCloseTo(0.5882716049382717, 12);
  });

  it('APGR of a single point is undefined (RouteLLM divides 0 by 0)', () => {
    expect(routeLlmApgr(xy([[0.25, 0.6]]), weak, strong)).toBeNaN();
  });

  it('CPT(20/50/80%) as np.interp gives them, including on a curve that is not monotone', () => {
    const cpts = (points: { x: number; y: number }[]) =>
      [0.2, 0.5, 0.8].map((p) => routeLlmCpt(points, p, weak, strong));
    const close = (got: (number | undefined)[], want: number[]) =>
      expect(got).toEqual(want.map((w) => expect.closeTo(w, 12)));
    close(cpts(A), [0.06, 0.29375, 0.6466666666666667]);
    close(cpts(B), [0.25, 0.25, 0.55]);
    close(cpts(C), [0.0225, 0.1375, 0.7333333333333334]);
    // numpy's bisection lands on the second crossing (0.65), not the first (0.3125).
    close(cpts(D), [0.09, 0.65, 0.88]);
  });

  it('CPT is undefined where no point reaches the target (np.interp would clamp to the last share)', () => {
    expect(routeLlmCpt(A, 1, weak, strong)).toBeUndefined();
  });

  it('npInterp clamps and interpolates as numpy does', () => {
    expect(npInterp(-1, [0, 1], [5, 7])).toBe(5);
    expect(npInterp(2, [0, 1], [5, 7])).toBe(7);
    expect(npInterp(0.25, [0, 1], [5, 7])).toBe(5.5);
    expect(npInterp(3, [3], [9])).toBe(9);
    // Exactly on a knot returns that knot's value, even with a repeated x.
    expect(npInterp(1, [0, 1, 1, 2], [0, 10, 20, 30])).toBe(20);
  });
});

describe('RouterBench AIQ, as AIQ.py computes it', () => {
  const P1 = xy([
    [0.1, 0.5],
    [0.2, 0.65],
    [0.3, 0.6],
    [0.5, 0.8],
    [0.9, 0.78],
  ]);
  const P2 = xy([
    [0.3, 0.7],
    [0.6, 0.72],
    [0.7, 0.9],
  ]);
  const P3 = xy([
    [0.05, 0.4],
    [0.4, 0.55],
    [0.45, 0.5],
    [1, 0.85],
    [1.2, 0.8],
  ]);

  it('the common right end is the largest hull cost (P3 peaks at 1.0; its 1.2 point is past the peak)', () => {
    expect(hullMaxCost([P1, P2, P3])).toBe(1);
  });

  it('each hull extended flat to that end, integrated from its first point, divided by the end', () => {
    expect(routerBenchAiq(P1, 1)).toBeCloseTo(0.675, 12);
    expect(routerBenchAiq(P2, 1)).toBeCloseTo(0.59, 12);
    expect(routerBenchAiq(P3, 1)).toBeCloseTo(0.59375, 12);
  });

  it('a single point left of the end scores its quality over the part of the range it covers', () => {
    expect(routerBenchAiq(xy([[0.25, 0.8]]), 1)).toBeCloseTo(0.6, 12);
    expect(routerBenchAiq(xy([[1, 0.8]]), 1)).toBe(0);
  });
});

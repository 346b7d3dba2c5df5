import { describe, expect, it } from 'vitest';
import type { EvalDataset, EvalRow } from '../../src/eval/dataset.js';
import { aiq, nonDecreasingHull } from '../../src/eval/metrics/aiq.js';
import { apgr } from '../../src/eval/metrics/apgr.js';
import { costSavedAt } from '../../src/eval/metrics/cost-saved.js';
import { cpt } from '../../src/eval/metrics/cpt.js';
import { fixedPolicy } from '../../src/eval/policies/fixed-policy.js';
import { runEval } from '../../src/eval/run-eval.js';

// Four queries, weak W costs $1 and strong S $10 each:
//   r1: W right, S right   r2: W wrong, S right   r3: W wrong, S right   r4: both wrong
// q_weak = 0.25, q_strong = 0.75; the oracle sends r2 and r3 to S.
function row(prompt: string, w: number, s: number): EvalRow {
  return { prompt, outcomes: { W: { quality: w, costUsd: 1 }, S: { quality: s, costUsd: 10 } }, columns: {} };
}
const data: EvalDataset = {
  models: ['W', 'S'],
  rows: [row('r1', 1, 1), row('r2', 0, 1), row('r3', 0, 1), row('r4', 0, 0)],
  hasResponses: false,
  notes: [],
};

describe('metrics on a hand-computed curve', () => {
  // Oracle over strong share: (0, .25) (.25, .5) (.5, .75) (1, .75)
  const oracle = [
    { x: 0, y: 0.25 },
    { x: 0.25, y: 0.5 },
    { x: 0.5, y: 0.75 },
    { x: 1, y: 0.75 },
  ];

  it('APGR: area .09375 + .15625 + .375 = .625 → (.625 − .25) / (.75 − .25) = .75', () => {
    expect(apgr(oracle, 0, 1, 0.25, 0.75)).toBeCloseTo(0.75, 12);
  });

  it('APGR of random (the straight line) is .5, of always-weak 0, of always-strong 1', () => {
    const line = [
      { x: 0, y: 0.25 },
      { x: 1, y: 0.75 },
    ];
    expect(apgr(line, 0, 1, 0.25, 0.75)).toBeCloseTo(0.5, 12);
    expect(
      apgr(
        [
          { x: 0, y: 0.25 },
          { x: 1, y: 0.25 },
        ],
        0,
        1,
        0.25,
        0.75,
      ),
    ).toBeCloseTo(0, 12);
    expect(
      apgr(
        [
          { x: 0, y: 0.75 },
          { x: 1, y: 0.75 },
        ],
        0,
        1,
        0.25,
        0.75,
      ),
    ).toBeCloseTo(1, 12);
  });

  it('CPT(50%) is reached exactly at .25; CPT(80%) interpolates to .25 + (.15/.25) × .25 = .4', () => {
    expect(cpt(oracle, 0.5, 0.25, 0.75)).toBeCloseTo(0.25, 12);
    expect(cpt(oracle, 0.8, 0.25, 0.75)).toBeCloseTo(0.4, 12);
    expect(cpt(oracle, 1.1, 0.25, 0.75)).toBeUndefined();
  });

  // The same oracle over cost share: cost of k strong calls = (4 + 9k) / 40.
  const oracleCost = [
    { x: 0.1, y: 0.25 },
    { x: 0.325, y: 0.5 },
    { x: 0.55, y: 0.75 },
    { x: 0.775, y: 0.75 },
    { x: 1, y: 0.75 },
  ];

  it('the non-decreasing hull drops collinear and post-peak points', () => {
    expect(nonDecreasingHull(oracleCost)).toEqual([
      { x: 0.1, y: 0.25 },
      { x: 0.55, y: 0.75 },
    ]);
    expect(
      nonDecreasingHull([
        { x: 0, y: 0.5 },
        { x: 0.5, y: 0.4 },
        { x: 1, y: 0.9 },
      ]),
    ).toEqual([
      { x: 0, y: 0.5 },
      { x: 1, y: 0.9 },
    ]);
  });

  it('AIQ: (.225 + .3375) / .9 = .625 over the cost range [.1, 1]', () => {
    expect(aiq(oracleCost, 0.1, 1)).toBeCloseTo(0.625, 12);
  });

  it('cost saved at 95%: quality .7125 is first reached at cost .51625 → saved .48375', () => {
    expect(costSavedAt(oracleCost, 0.75)).toBeCloseTo(0.48375, 12);
  });
});

describe('runEval baselines on the tiny dataset', () => {
  it('reports oracle, random, weak and strong with the hand-computed values', async () => {
    const report = await runEval({ data, folds: 2, policies: [fixedPolicy('weak-only', (c) => c.weak)] });
    const { weak, strong, random, oracle } = report.baselines;
    expect(report.weakModel).toBe('W');
    expect(report.strongModel).toBe('S');
    expect(weak.quality).toBe(0.25);
    expect(weak.costShare).toBeCloseTo(0.1, 12);
    expect(strong.quality).toBe(0.75);
    expect(strong.costUsd).toBe(40);
    // RouteLLM's optimal curve: at most the allowed share, and only rows the strong model gains on (r2, r3); read at
    // the allowed share s = 0, 1%, …, 100% (floor(4s) strong calls, capped at 2). Figures from the reference formulas
    // (np.trapz, np.interp) on that 101-point step curve; np.interp over its repeated qualities lands at 49%. (RouteLLM
    // counts fractional calls, a ramp with APGR .75; whole rows make steps, which matter only on tiny data.)
    expect(oracle.strongShare).toBe(0.5);
    expect(Math.max(...oracle.curve.map((p) => p.strongShare))).toBe(0.5);
    expect(oracle.apgr).toBeCloseTo(0.63, 12);
    expect(oracle.cpt50).toBeCloseTo(0.49, 12);
    expect(oracle.cpt80).toBeCloseTo(0.496, 12);
    // RouterBench's AIQ: hull (.1, .25) → (.55, .75), flat to the largest hull cost (1, always-strong), ÷ 1.
    expect(oracle.aiq).toBeCloseTo(0.225 + 0.3375, 12);
    expect(oracle.aiqCompleted).toBeCloseTo(0.625, 12);
    expect(oracle.costSaved95).toBeCloseTo(0.48375, 12);
    expect(oracle.quality).toBe(0.75);
    expect(random.apgr).toBeCloseTo(0.5, 12);
    expect(random.cpt50).toBeCloseTo(0.5, 12);
    expect(random.cpt80).toBeCloseTo(0.8, 12);
    expect(random.quality).toBeCloseTo(0.5, 12);
    // AIQ ÷ the max cost 1: always-weak's .25 counts from its cost .1 on (.225); random is the line from (.1, .25)
    // to (1, .75): .5 × .9; always-strong has no operating point below cost share 1, so none. Over the range [.1, 1]
    // instead (the completed variant): .25 and .5.
    expect(weak.aiq).toBeCloseTo(0.225, 12);
    expect(weak.aiqCompleted).toBeCloseTo(0.25, 12);
    expect(random.aiq).toBeCloseTo(0.45, 12);
    expect(random.aiqCompleted).toBeCloseTo(0.5, 12);
    expect(strong.aiq).toBeNull();
    // A policy that always answers with the weak model is one point: no APGR or CPT as RouteLLM defines them; on the
    // completed curve (its point joined to always-strong) it is the random line.
    const weakOnly = report.policies[0]!;
    expect(weakOnly.quality).toBe(0.25);
    expect(weakOnly.apgr).toBeNull();
    expect(weakOnly.cpt50).toBeNull();
    expect(weakOnly.apgrCompleted).toBeCloseTo(0.5, 12);
    expect(weakOnly.cpt50Completed).toBeCloseTo(0.5, 12);
    expect(weakOnly.budgets.find((b) => b.maxCostShare === 0.2)?.point?.quality).toBe(0.25);
    expect(weakOnly.budgets.find((b) => b.maxCostShare === 0.05)?.point).toBeNull();
  });
});

describe('the two-model oracle', () => {
  it('never sends more than the allowed share, nor a row the strong model does not gain on', async () => {
    // r1: weak right, strong wrong (strong would lose); r2: strong alone right; r3, r4: both right.
    const mixed: EvalDataset = {
      ...data,
      rows: [row('r1', 1, 0), row('r2', 0, 1), row('r3', 1, 1), row('r4', 1, 1)],
    };
    const { oracle } = (await runEval({ data: mixed, folds: 2, policies: [] })).baselines;
    for (const p of oracle.curve) {
      expect(p.strongShare).toBeLessThanOrEqual(p.param + 1e-12);
      // RouteLLM's get_optimal_accuracy: (weak correct + min(strong calls, rows only strong gets right)) / n.
      expect(p.quality).toBe((3 + Math.min(Math.floor(4 * p.param + 1e-9), 1)) / 4);
    }
    expect(Math.max(...oracle.curve.map((p) => p.strongShare))).toBe(0.25);
  });
});

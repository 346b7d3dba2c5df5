import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nonDecreasingHull } from '../../src/eval/metrics/aiq.js';
import { routerBenchAiq } from '../../src/eval/metrics/reference-metrics.js';
import { LAMBDA_GRID } from '../../src/eval/policies/policy.js';
import {
  defaultPolicies,
  type EvalDataset,
  type EvalReport,
  loadDataset,
  runEval,
  utilityPolicy,
} from '../../src/index.js';

const fixtures = join(import.meta.dirname, '../fixtures/eval');

/** RouterBench's AIQ of always calling one model, ÷ the report's largest hull cost (as every policy's AIQ is). */
function singleModelAiq(report: EvalReport, data: EvalDataset, model: string, maxCost: number): number {
  const strongCost = data.rows.reduce((sum, row) => sum + row.outcomes[report.strongModel]!.costUsd, 0);
  const cost = data.rows.reduce((sum, row) => sum + row.outcomes[model]!.costUsd, 0);
  const quality = data.rows.reduce((sum, row) => sum + row.outcomes[model]!.quality, 0) / data.rows.length;
  return routerBenchAiq([{ x: cost / strongCost, y: quality }], maxCost);
}

describe('utility policy (multi-model predictive router)', () => {
  // 48 rows: "cheap" ($0.001) is right on chat and wrong on math, "mid" ($0.004) the reverse, "big" ($0.02) right on both.
  const data = loadDataset(join(fixtures, 'three-models.jsonl'));

  it('routes each task to its cheapest right model and beats every single-model baseline on AIQ', async () => {
    const report = await runEval({ data, folds: 4, policies: [utilityPolicy()] });
    expect(report.weakModel).toBe('cheap');
    expect(report.strongModel).toBe('big');
    expect(report.axis).toBe('costShare');
    const { weak, strong } = report.baselines;
    expect(weak.quality).toBe(0.5);
    expect(strong.quality).toBe(1);
    const utility = report.policies[0]!;
    expect(utility.sweep).toBe('lambda');
    expect(utility.curve).toHaveLength(LAMBDA_GRID.length);
    // At some λ, math → mid and chat → cheap: full quality for (0.004 + 0.001) / 2 of big's $0.02 per query.
    const split = utility.curve.find((p) => p.quality === 1 && Math.abs(p.costShare - 0.125) < 1e-9);
    expect(split).toBeDefined();
    // Single models, ÷ the largest hull cost 1 (big's): cheap .5 from .05 → .475, mid .5 from .2 → .4, big 0.
    const singles = data.models.map((m) => singleModelAiq(report, data, m, 1));
    expect(singles).toEqual([0.475, 0.4, 0].map((v) => expect.closeTo(v, 9)));
    // Utility's hull: (.05, .5) → (.125, 1), flat to 1: .075 × .75 + .875 = .93125, the oracle's hull too.
    expect(utility.aiq!).toBeCloseTo(0.93125, 9);
    expect(report.baselines.oracle.aiq!).toBeCloseTo(0.93125, 9);
    // Quality .95 is reached on the segment (.05, .5) → (.125, 1) at .05 + .9 × .075 = .1175.
    expect(utility.costSaved95!).toBeCloseTo(1 - 0.1175, 9);
    // The curve spans from the cheapest model (λ = ∞) to the best model's quality (λ = 0).
    const cheapest = utility.curve.at(-1)!;
    expect(cheapest.param).toBe(Number.POSITIVE_INFINITY);
    expect(cheapest.quality).toBe(weak.quality);
    expect(cheapest.costUsd).toBeCloseTo(weak.costUsd, 12);
    expect(utility.curve[0]!.param).toBe(0);
    expect(utility.curve[0]!.quality).toBe(strong.quality);
    expect(Math.max(...utility.curve.map((p) => p.quality))).toBe(1);
  });

  it('runs on RouterBench data, where λ = 0 picks the best model and λ = ∞ the cheapest', async () => {
    const bench = loadDataset(join(fixtures, 'routerbench.csv'));
    expect(bench.models).toEqual(['model-a', 'model-b', 'model-c']);
    const report = await runEval({ data: bench, folds: 3, policies: [utilityPolicy()] });
    const curve = report.policies[0]!.curve;
    // model-b scores best on every row (1, 1, .75), model-c is cheapest ($0.0001–0.0002, scores 0, 0, .25).
    expect(curve[0]!.quality).toBeCloseTo(2.75 / 3, 12);
    expect(curve[0]!.costShare).toBeCloseTo(1, 12);
    expect(curve.at(-1)!.quality).toBeCloseTo(0.25 / 3, 12);
    expect(curve.at(-1)!.costUsd).toBeCloseTo(0.0004, 12);
    // Hull (costs ÷ model-b's): λ = ∞ at .01 (q .25/3), λ = 0 at 1 (q 2.75/3); flat nowhere, ÷ 1.
    const hull = nonDecreasingHull(curve.map((p) => ({ x: p.costShare, y: p.quality })));
    expect(hull[0]!.x).toBeCloseTo(0.01, 12);
    expect(hull.at(-1)!).toEqual({ x: expect.closeTo(1, 12), y: expect.closeTo(2.75 / 3, 12) });
    expect(report.policies[0]!.aiq).toBeCloseTo(routerBenchAiq(hull, 1), 5);
  });

  it('is a default policy only when the data has more than two models', () => {
    expect(defaultPolicies(data).map((p) => p.name)).toContain('utility');
    const two: EvalDataset = {
      models: ['cheap', 'big'],
      rows: data.rows.map((row) => ({ ...row, outcomes: { cheap: row.outcomes.cheap!, big: row.outcomes.big! } })),
      hasResponses: false,
      notes: [],
    };
    expect(defaultPolicies(two).map((p) => p.name)).not.toContain('utility');
  });
});

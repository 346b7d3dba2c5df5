import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  calibrateLambda,
  type DataLambdaCalibration,
  LAMBDA_GRID,
  type LambdaCalibration,
  type LambdaCalibrationExample,
} from '../../src/calibration/calibrate.js';
import { pickByUtility } from '../../src/classifiers/pick-by-utility.js';
import type { ClassifierInput } from '../../src/classifiers/types.js';
import type { EvalDataset } from '../../src/eval/dataset.js';

// Four queries, three models costing 0.001, 0.01 and 0.1 USD a call, so the picker weighs 0.01, 0.1 and 1.
// Predictions (s, m, l) and recorded qualities:
//   r1 (0.9, 0.9, 0.95)  all right        → small once λ > 0.05/0.99 ≈ 0.0505
//   r2 (0.2, 0.9, 0.95)  small wrong      → medium once λ > 0.05/0.9 ≈ 0.0556 (small only past 7.8)
//   r3 (0.2, 0.3, 0.95)  only large right → medium once λ > 0.65/0.9 ≈ 0.722
//   r4 (0.2, 0.3, 0.4)   all wrong        → medium once λ > 0.1/0.9 ≈ 0.111
// So quality is 0.75 (= always large) up to λ ≈ 0.722, where r3 leaves large, then 0.5. The grid's last λ below
// 0.722 is 10^(−4 + 115/30) ≈ 0.681 (LAMBDA_GRID[116]); its first above is ≈ 0.736 (LAMBDA_GRID[117]).
const PREDICTED: Record<string, Record<string, number>> = {
  r1: { small: 0.9, medium: 0.9, large: 0.95 },
  r2: { small: 0.2, medium: 0.9, large: 0.95 },
  r3: { small: 0.2, medium: 0.3, large: 0.95 },
  r4: { small: 0.2, medium: 0.3, large: 0.4 },
};
const RECORDED: Record<string, [number, number, number]> = {
  r1: [1, 1, 1],
  r2: [0, 1, 1],
  r3: [0, 0, 1],
  r4: [0, 0, 0],
};
const data: LambdaCalibrationExample[] = Object.entries(RECORDED).map(([prompt, [s, m, l]]) => ({
  prompt,
  models: {
    small: { quality: s, costUsd: 0.001 },
    medium: { quality: m, costUsd: 0.01 },
    large: { quality: l, costUsd: 0.1 },
  },
}));
const predictor = { name: 'table', predict: (input: ClassifierInput) => ({ ...PREDICTED[input.prompt]! }) };

describe('calibrateLambda({ predictor, data })', () => {
  it('targetQuality: the largest λ keeping the quality', async () => {
    const result = await calibrateLambda({ predictor, data, targetQuality: 0.75 });
    expect(result.lambda).toBe(LAMBDA_GRID[116]);
    expect(result.quality).toBe(0.75);
    // r1 small, r2 medium, r3 large, r4 medium: (0.001 + 0.01 + 0.1 + 0.01) / (4 × 0.1).
    expect(result.costShare).toBeCloseTo(0.3025, 12);
    expect(result.shares).toEqual({ small: 0.25, medium: 0.5, large: 0.25 });
    expect(result.reached).toBe(true);
    expect(result.costs.small).toBeCloseTo(0.01, 15);
    expect(result.costs.medium).toBeCloseTo(0.1, 15);
    expect(result.costs.large).toBe(1);
    expect(result.costUnitUsd).toBeCloseTo(0.1, 15);
  });

  it('maxCostShare: the smallest λ within the cost share', async () => {
    const result = await calibrateLambda({ predictor, data, maxCostShare: 0.3 });
    expect(result.lambda).toBe(LAMBDA_GRID[117]);
    expect(result.quality).toBe(0.5);
    expect(result.costShare).toBeCloseTo(0.0775, 12); // (0.001 + 3 × 0.01) / 0.4
    expect(result.shares).toEqual({ small: 0.25, medium: 0.75 });
    expect(result.reached).toBe(true);
    const all = await calibrateLambda({ predictor, data, maxCostShare: 1 });
    expect(all).toMatchObject({ lambda: 0, quality: 0.75, costShare: 1, shares: { large: 1 } });
  });

  it('unreachable targets come back as the nearest end of the sweep', async () => {
    const best = await calibrateLambda({ predictor, data, targetQuality: 0.9 });
    expect(best).toMatchObject({ lambda: 0, quality: 0.75, reached: false });
    const cheapest = await calibrateLambda({ predictor, data, maxCostShare: 0.001 });
    // At λ = 1e4 every query goes to small: 4 × 0.001 / 0.4 = 0.01, still above 0.001.
    expect(cheapest).toMatchObject({ lambda: 1e4, quality: 0.25, shares: { small: 1 }, reached: false });
  });

  it('its costs and λ reproduce its picks through pickByUtility', async () => {
    const result = await calibrateLambda({ predictor, data, targetQuality: 0.75 });
    const picks = Object.values(PREDICTED).map((p) => pickByUtility(p, result.costs, result.lambda).model);
    expect(picks).toEqual(['small', 'medium', 'large', 'medium']);
  });

  it('scores picks with recorded costs, while the picker weighs mean costs', async () => {
    // r1's large call cost 0.5, the others 0.1: the picker weighs large by its mean, 0.2, which becomes the unit.
    const varied = data.map((row, i) => ({
      ...row,
      models: { ...row.models, large: { quality: RECORDED[row.prompt]![2], costUsd: [0.5, 0.1, 0.1, 0.1][i]! } },
    }));
    const result = await calibrateLambda({ predictor, data: varied, targetQuality: 0.75 });
    expect(result.costUnitUsd).toBeCloseTo(0.2, 15);
    expect(result.costs.small).toBeCloseTo(0.005, 15);
    expect(result.costs.medium).toBeCloseTo(0.05, 15);
    expect(result.costs.large).toBe(1);
    // Same picks as before (small, medium, large, medium), charged what r3's large call really cost (0.1),
    // against always-large's 0.8: (0.001 + 0.01 + 0.1 + 0.01) / 0.8.
    expect(result.lambda).toBe(LAMBDA_GRID[116]);
    expect(result.quality).toBe(0.75);
    expect(result.costShare).toBeCloseTo(0.15125, 12);
  });

  it('awaits an asynchronous predictor and reads an EvalDataset', async () => {
    const asyncPredictor = {
      predict: async (input: ClassifierInput) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return PREDICTED[input.prompt]!;
      },
    };
    const dataset: EvalDataset = {
      models: ['small', 'medium', 'large'],
      rows: data.map((row) => ({ prompt: row.prompt, task: 'gsm8k', outcomes: { ...row.models }, columns: {} })),
      hasResponses: false,
      notes: [],
    };
    const result = await calibrateLambda({ predictor: asyncPredictor, data: dataset, maxCostShare: 0.3 });
    expect(result.lambda).toBe(LAMBDA_GRID[117]);
    expect(result.shares).toEqual({ small: 0.25, medium: 0.75 });
  });

  it('stays synchronous for precomputed predictions', async () => {
    const predictions = Object.values(PREDICTED);
    const outcomes = Object.values(RECORDED).map(([small, medium, large]) => ({ small, medium, large }));
    const sync = calibrateLambda({
      predictions,
      costs: { small: 0.01, medium: 0.1, large: 1 },
      outcomes,
      targetQuality: 0.75,
    });
    expectTypeOf(sync).toEqualTypeOf<LambdaCalibration>();
    const fromData = calibrateLambda({ predictor, data, targetQuality: 0.75 });
    expectTypeOf(fromData).toEqualTypeOf<Promise<DataLambdaCalibration>>();
    const { costs: _costs, costUnitUsd: _unit, costShare, ...same } = await fromData;
    const { costShare: syncCostShare, ...syncSame } = sync;
    expect(syncSame).toEqual(same);
    expect(syncCostShare).toBeCloseTo(costShare, 12);
  });
});

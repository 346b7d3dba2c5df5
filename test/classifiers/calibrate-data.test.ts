import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Calibration,
  type CalibrationExample,
  type ClassifierCalibration,
  calibrate,
} from '../../src/calibration/calibrate.js';
import type { ClassifierInput, DifficultyClassifier } from '../../src/classifiers/types.js';
import type { EvalDataset } from '../../src/eval/dataset.js';
import { calibrate as publicCalibrate } from '../../src/index.js';

// Five recorded queries, scored by a lookup table. Hand-checked routing, strong share s → quality, cost share:
//   threshold ∞   s 0    quality (0+0+1+0+1)/5 = 0.4   cost 5×1 / 50 = 0.10
//   threshold 0.9 s 0.2  quality 0.6                    cost (10+4)/50 = 0.28
//   threshold 0.7 s 0.4  quality 0.8                    cost (20+3)/50 = 0.46
//   threshold 0.5 s 0.6  quality 0.8 (c: both right)    cost (30+2)/50 = 0.64
const SCORES: Record<string, number> = { a: 0.9, b: 0.7, c: 0.5, d: 0.3, e: 0.1 };
const examples: CalibrationExample[] = [
  { prompt: 'a', weak: 0, strong: 1, weakCostUsd: 1, strongCostUsd: 10 },
  { prompt: 'b', weak: 0, strong: 1, weakCostUsd: 1, strongCostUsd: 10 },
  { prompt: 'c', weak: 1, strong: 1, weakCostUsd: 1, strongCostUsd: 10 },
  { prompt: 'd', weak: 0, strong: 0, weakCostUsd: 1, strongCostUsd: 10 },
  { prompt: 'e', weak: 1, strong: 1, weakCostUsd: 1, strongCostUsd: 10 },
];
const SCORE_LIST = [0.9, 0.7, 0.5, 0.3, 0.1];

/** A synchronous classifier reading scores from the table; records what it was asked. */
function tableClassifier(table: Record<string, number> = SCORES) {
  const seen: ClassifierInput[] = [];
  const classifier = {
    name: 'table',
    classify(input: ClassifierInput) {
      seen.push(input);
      return { score: table[input.prompt]! };
    },
  };
  return { classifier, seen };
}

describe('calibrate({ classifier, data })', () => {
  it('targetStrongShare: picks the threshold and reports the quality and cost share the data records', async () => {
    const { classifier } = tableClassifier();
    const result = await calibrate({ classifier, data: examples, targetStrongShare: 0.4 });
    expect(result).toEqual({
      threshold: 0.7,
      strongShare: 0.4,
      quality: 0.8,
      costShare: 0.46,
      reached: true,
      scores: SCORE_LIST,
    });
    // 0.4 and 0.6 are equally far from 0.5: the smaller share wins.
    expect((await calibrate({ classifier, data: examples, targetStrongShare: 0.5 })).threshold).toBe(0.7);
    expect((await calibrate({ classifier, data: examples, targetStrongShare: 0 })).threshold).toBe(
      Number.POSITIVE_INFINITY,
    );
    expect((await calibrate({ classifier, data: examples, targetStrongShare: 1 })).threshold).toBe(0.1);
  });

  it('targetStrongShare needs only prompts (RouteLLM calibrates on unlabelled queries)', async () => {
    const { classifier, seen } = tableClassifier();
    const data = [{ prompt: 'a', task: 'math' }, { prompt: 'b' }, { prompt: 'c' }, { prompt: 'd' }];
    const result = await calibrate({ classifier, data, targetStrongShare: 0.5 });
    expect(result).toEqual({ threshold: 0.7, strongShare: 0.5, reached: true, scores: [0.9, 0.7, 0.5, 0.3] });
    expect(seen[0]).toEqual({ prompt: 'a', task: 'math' });
    expect(seen[1]).toEqual({ prompt: 'b' });
  });

  it('targetQuality: the fewest strong calls reaching the quality', async () => {
    const { classifier } = tableClassifier();
    const result = await calibrate({ classifier, data: examples, targetQuality: 0.8 });
    expect(result).toMatchObject({ threshold: 0.7, strongShare: 0.4, quality: 0.8, costShare: 0.46, reached: true });
    const lower = await calibrate({ classifier, data: examples, targetQuality: 0.5 });
    expect(lower).toMatchObject({ threshold: 0.9, strongShare: 0.2, quality: 0.6, reached: true });
    // 0.8 is the best any threshold gives: the first threshold reaching it comes back, not reached.
    const unreachable = await calibrate({ classifier, data: examples, targetQuality: 0.9 });
    expect(unreachable).toMatchObject({ threshold: 0.7, strongShare: 0.4, quality: 0.8, reached: false });
  });

  it('maxCostShare: the most strong calls within the cost share', async () => {
    const { classifier } = tableClassifier();
    const result = await calibrate({ classifier, data: examples, maxCostShare: 0.3 });
    expect(result).toMatchObject({ threshold: 0.9, strongShare: 0.2, quality: 0.6, costShare: 0.28, reached: true });
    const exact = await calibrate({ classifier, data: examples, maxCostShare: 0.46 });
    expect(exact).toMatchObject({ threshold: 0.7, strongShare: 0.4, costShare: 0.46, reached: true });
    const tooLow = await calibrate({ classifier, data: examples, maxCostShare: 0.05 });
    expect(tooLow).toMatchObject({
      threshold: Number.POSITIVE_INFINITY,
      strongShare: 0,
      quality: 0.4,
      costShare: 0.1,
      reached: false,
    });
  });

  it('gives the same threshold as the score form on the same scores', async () => {
    const { classifier } = tableClassifier();
    const fromData = await calibrate({ classifier, data: examples, maxCostShare: 0.5 });
    const fromScores = calibrate({ scores: fromData.scores, costs: { weak: 1, strong: 10 }, maxCostShare: 0.5 });
    expect(fromScores).toEqual({ threshold: 0.7, strongShare: 0.4, costShare: 0.46, reached: true });
    expect(fromData).toMatchObject(fromScores);
  });

  it('awaits an asynchronous classifier, at most `concurrency` queries at once, and adds up what scoring cost', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const classifier: DifficultyClassifier = {
      name: 'slow-llm',
      async classify(input) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return { score: SCORES[input.prompt]!, costUsd: 0.25 } as { score: number };
      },
    };
    const result = await calibrate({ classifier, data: examples, targetQuality: 0.8, concurrency: 2 });
    expect(result).toMatchObject({ threshold: 0.7, strongShare: 0.4, quality: 0.8, reached: true });
    expect(result.scores).toEqual(SCORE_LIST); // data order, whatever order the calls finished in
    expect(result.scoringCostUsd).toBe(1.25);
    expect(maxInFlight).toBe(2);
  });

  it('stops scoring after a classifier failure and rethrows it', async () => {
    let calls = 0;
    const classifier: DifficultyClassifier = {
      name: 'flaky',
      async classify(input) {
        calls++;
        if (input.prompt === 'b') throw new Error('provider down');
        return { score: 0.5 };
      },
    };
    await expect(calibrate({ classifier, data: examples, targetStrongShare: 0.5, concurrency: 1 })).rejects.toThrow(
      'provider down',
    );
    expect(calls).toBe(2);
  });

  it('reads an EvalDataset: tiers picked as the evaluator does, or as named', async () => {
    // cheap: cost 1, right on c and e; mid: cost 4, right on a, c, e; best: cost 10, right on a, b, c, e.
    const outcome = (quality: number, costUsd: number) => ({ quality, costUsd });
    const right = (p: string, yes: string) => (yes.includes(p) ? 1 : 0);
    const dataset: EvalDataset = {
      models: ['best', 'cheap', 'mid'],
      rows: ['a', 'b', 'c', 'd', 'e'].map((prompt) => ({
        prompt,
        outcomes: {
          best: outcome(right(prompt, 'abce'), 10),
          cheap: outcome(right(prompt, 'ce'), 1),
          mid: outcome(right(prompt, 'ace'), 4),
        },
        columns: {},
      })),
      hasResponses: false,
      notes: [],
    };
    const { classifier } = tableClassifier();
    const picked = await calibrate({ classifier, data: dataset, targetQuality: 0.8 });
    // Default tiers: strong = best mean quality (best), weak = the cheapest other (cheap): the examples above.
    expect(picked).toEqual({
      threshold: 0.7,
      strongShare: 0.4,
      quality: 0.8,
      costShare: 0.46,
      reached: true,
      scores: SCORE_LIST,
      models: { weak: 'cheap', strong: 'best' },
    });
    // mid as the weak tier is already right on a: only b needs the strong tier.
    // Threshold 0.7: a, b → best (1, 1), c, d, e → mid (1, 0, 1) = 0.8; cost (20 + 12) / 50 = 0.64.
    const named = await calibrate({
      classifier,
      data: dataset,
      models: { weak: 'mid', strong: 'best' },
      targetQuality: 0.8,
    });
    expect(named).toMatchObject({ threshold: 0.7, strongShare: 0.4, quality: 0.8, costShare: 0.64 });
    expect(named.models).toEqual({ weak: 'mid', strong: 'best' });
  });

  it('is exported from the package root, sync for scores and a promise for data', async () => {
    const { classifier } = tableClassifier();
    const sync = publicCalibrate({ scores: SCORE_LIST, targetStrongShare: 0.4 });
    expectTypeOf(sync).toEqualTypeOf<Calibration>();
    expect(sync).toEqual({ threshold: 0.7, strongShare: 0.4, reached: true });
    const pending = publicCalibrate({ classifier, data: examples, targetStrongShare: 0.4 });
    expectTypeOf(pending).toEqualTypeOf<Promise<ClassifierCalibration>>();
    expect(pending).toBeInstanceOf(Promise);
    expect((await pending).threshold).toBe(0.7);
  });
});

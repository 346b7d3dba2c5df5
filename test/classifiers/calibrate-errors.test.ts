import { describe, expect, it } from 'vitest';
import { calibrate, calibrateLambda } from '../../src/calibration/calibrate.js';
import type { ClassifierInput } from '../../src/classifiers/types.js';
import type { EvalDataset } from '../../src/eval/dataset.js';
import { ConfigError, type ValidationIssue } from '../../src/errors.js';

/** The issues of the ConfigError `run` throws (or rejects with). */
async function issuesOf(run: () => unknown): Promise<ValidationIssue[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** Deliberately malformed input, as a JavaScript caller could pass it. */
const loose = (value: Record<string, unknown>) => value as never;

function countingClassifier(score = 0.5) {
  const calls: ClassifierInput[] = [];
  return {
    calls,
    classifier: {
      name: 'counting',
      classify(input: ClassifierInput) {
        calls.push(input);
        return { score };
      },
    },
  };
}

describe('calibrate: score form errors', () => {
  it('refuses empty scores, scores outside [0, 1] and shares outside [0, 1], with paths', async () => {
    expect(await issuesOf(() => calibrate({ scores: [], targetStrongShare: 0.5 }))).toEqual([
      { path: 'calibrate.scores', message: 'must not be empty' },
    ]);
    expect(await issuesOf(() => calibrate({ scores: [0.2, 1.2, Number.NaN], targetStrongShare: 0.5 }))).toEqual([
      { path: 'calibrate.scores[1]', message: 'must be a number in [0, 1] (got 1.2)' },
      { path: 'calibrate.scores[2]', message: 'must be a number in [0, 1] (got NaN)' },
    ]);
    expect(await issuesOf(() => calibrate({ scores: [0.5], targetStrongShare: 1.5 }))).toEqual([
      { path: 'calibrate.targetStrongShare', message: 'must be a number in [0, 1] (got 1.5)' },
    ]);
    expect(
      await issuesOf(() => calibrate({ scores: [0.5], costs: { weak: 1, strong: 2 }, maxCostShare: -0.1 })),
    ).toEqual([{ path: 'calibrate.maxCostShare', message: 'must be a number in [0, 1] (got -0.1)' }]);
  });

  it('refuses misaligned outcomes and costs', async () => {
    const issues = await issuesOf(() =>
      calibrate({ scores: [0.1, 0.9], outcomes: { weak: [1], strong: [1, 2] }, targetQuality: 0.5 }),
    );
    expect(issues).toEqual([
      { path: 'calibrate.outcomes.weak', message: 'has 1 entries; scores has 2' },
      { path: 'calibrate.outcomes.strong[1]', message: 'must be a number in [0, 1] (got 2)' },
    ]);
    const costIssues = await issuesOf(() =>
      calibrate({ scores: [0.1, 0.9], costs: { weak: [1, 1, 1], strong: -1 }, maxCostShare: 0.5 }),
    );
    expect(costIssues.map((i) => i.path)).toEqual(['calibrate.costs.weak', 'calibrate.costs.strong']);
  });

  it('needs exactly one target, and the data the target reads', async () => {
    expect(await issuesOf(() => calibrate(loose({ scores: [0.5] })))).toEqual([
      { path: 'calibrate', message: 'pass one target: targetStrongShare, targetQuality or maxCostShare' },
    ]);
    expect(await issuesOf(() => calibrate(loose({ scores: [0.5], targetStrongShare: 0.5, targetQuality: 1 })))).toEqual(
      [{ path: 'calibrate', message: 'pass exactly one target, got targetStrongShare and targetQuality' }],
    );
    const noOutcomes = await issuesOf(() => calibrate(loose({ scores: [0.5], targetQuality: 0.5 })));
    expect(noOutcomes[0]!.path).toBe('calibrate.outcomes');
    expect(await issuesOf(() => calibrate(loose({ targetStrongShare: 0.5 })))).toEqual([
      { path: 'calibrate.scores', message: 'must be an array of scores in [0, 1] (or pass classifier and data)' },
    ]);
  });

  it('lists at most 20 issues, then a count', async () => {
    const issues = await issuesOf(() => calibrate({ scores: Array(30).fill(2), targetStrongShare: 0.5 }));
    expect(issues).toHaveLength(21);
    expect(issues[20]).toEqual({ path: 'calibrate', message: '…and 10 more' });
  });
});

describe('calibrate: data form errors (raised before anything is scored)', () => {
  const rows = [
    { prompt: 'a', weak: 0, strong: 1 },
    { prompt: 'b', weak: 1, strong: 1 },
  ];

  it('requires a classifier', async () => {
    expect(await issuesOf(() => calibrate(loose({ data: rows, targetStrongShare: 0.5 })))).toEqual([
      {
        path: 'calibrate.classifier',
        message: 'required with data: the classifier to calibrate, e.g. learned() or heuristic()',
      },
    ]);
    const notOne = await issuesOf(() => calibrate(loose({ classifier: {}, data: rows, targetStrongShare: 0.5 })));
    expect(notOne[0]!.path).toBe('calibrate.classifier');
  });

  it('refuses empty or unreadable data', async () => {
    const { classifier, calls } = countingClassifier();
    expect(await issuesOf(() => calibrate({ classifier, data: [], targetStrongShare: 0.5 }))).toEqual([
      { path: 'calibrate.data', message: 'needs at least one example' },
    ]);
    const unreadable = await issuesOf(() => calibrate(loose({ classifier, data: 'x.csv', targetStrongShare: 0.5 })));
    expect(unreadable[0]!.path).toBe('calibrate.data');
    const badPrompt = await issuesOf(() =>
      calibrate(loose({ classifier, data: [{ prompt: 3 }], targetStrongShare: 1 })),
    );
    expect(badPrompt).toEqual([{ path: 'calibrate.data[0].prompt', message: 'must be a string (got number)' }]);
    expect(calls).toHaveLength(0);
  });

  it('targetQuality needs both qualities on every example; bad values are named', async () => {
    const { classifier, calls } = countingClassifier();
    const data = [
      { prompt: 'a', weak: 0, strong: 1 },
      { prompt: 'b', weak: 2, strong: 1 },
      { prompt: 'c', weak: 1 },
    ];
    expect(await issuesOf(() => calibrate({ classifier, data, targetQuality: 0.5 }))).toEqual([
      { path: 'calibrate.data[1].weak', message: 'must be a number in [0, 1] (got 2)' },
      { path: 'calibrate.data[2].strong', message: 'missing: targetQuality needs weak and strong on every example' },
    ]);
    // The same data is fine for a strong share, which reads only prompts.
    const unlabelled = [{ prompt: 'a' }, { prompt: 'b' }];
    expect(await issuesOf(() => calibrate({ classifier, data: unlabelled, targetQuality: 0.5 }))).toEqual([
      { path: 'calibrate.data', message: 'targetQuality needs weak and strong on every example; none has them' },
    ]);
    expect(calls).toHaveLength(0);
  });

  it('maxCostShare needs both costs on every example', async () => {
    const { classifier } = countingClassifier();
    expect(await issuesOf(() => calibrate({ classifier, data: rows, maxCostShare: 0.5 }))).toEqual([
      {
        path: 'calibrate.data',
        message: 'maxCostShare needs weakCostUsd and strongCostUsd on every example; none has them',
      },
    ]);
    const partial = [
      { prompt: 'a', weakCostUsd: 1, strongCostUsd: 2 },
      { prompt: 'b', weakCostUsd: 1 },
    ];
    expect(await issuesOf(() => calibrate({ classifier, data: partial, maxCostShare: 0.5 }))).toEqual([
      {
        path: 'calibrate.data[1].strongCostUsd',
        message: 'missing: maxCostShare needs weakCostUsd and strongCostUsd on every example',
      },
    ]);
  });

  it('refuses a classifier score outside [0, 1], naming the example', async () => {
    const { classifier } = countingClassifier(1.5);
    expect(await issuesOf(() => calibrate({ classifier, data: rows, targetStrongShare: 0.5 }))).toEqual([
      { path: 'calibrate.classifier', message: 'counting scored data[0] as 1.5, not a number in [0, 1]' },
    ]);
  });

  it('checks the options around the data', async () => {
    const { classifier } = countingClassifier();
    const issues = await issuesOf(() =>
      calibrate(
        loose({
          classifier,
          scores: [0.5],
          data: rows,
          models: { weak: 'a', strong: 'b' },
          targetStrongShare: 0.5,
          concurrency: 0,
        }),
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['calibrate.scores', 'calibrate.concurrency', 'calibrate.models']);
  });

  it('checks the tier models named for an EvalDataset', async () => {
    const { classifier } = countingClassifier();
    const dataset: EvalDataset = {
      models: ['x', 'y'],
      rows: [{ prompt: 'a', outcomes: { x: { quality: 1, costUsd: 1 }, y: { quality: 1, costUsd: 2 } }, columns: {} }],
      hasResponses: false,
      notes: [],
    };
    const unknown = await issuesOf(() =>
      calibrate({ classifier, data: dataset, models: { weak: 'x', strong: 'z' }, targetStrongShare: 0.5 }),
    );
    expect(unknown).toEqual([
      { path: 'calibrate.models.strong', message: '"z" is not a model of the data (models: x, y)' },
    ]);
    const same = await issuesOf(() =>
      calibrate({ classifier, data: dataset, models: { weak: 'x', strong: 'x' }, targetStrongShare: 0.5 }),
    );
    expect(same[0]!.path).toBe('calibrate.models');
    const bad = {
      ...dataset,
      rows: [{ ...dataset.rows[0]!, outcomes: { x: { quality: 3, costUsd: 1 }, y: { quality: 1, costUsd: 2 } } }],
    };
    const badQuality = await issuesOf(() =>
      calibrate({ classifier, data: bad, models: { weak: 'x', strong: 'y' }, targetQuality: 0.5 }),
    );
    expect(badQuality).toEqual([
      { path: 'calibrate.data.rows[0].outcomes.x.quality', message: 'must be a number in [0, 1] (got 3)' },
    ]);
  });
});

describe('calibrateLambda: errors', () => {
  it('prediction form: empty, missing costs, misaligned outcomes', async () => {
    expect(await issuesOf(() => calibrateLambda({ predictions: [], costs: {}, targetQuality: 0.5 }))).toEqual([
      { path: 'calibrateLambda.predictions', message: 'must not be empty' },
    ]);
    const issues = await issuesOf(() =>
      calibrateLambda({
        predictions: [
          { a: 0.5, 'gpt-4o': 0.9 },
          { a: 0.5, 'gpt-4o': 1.5 },
        ],
        costs: { a: 1 },
        outcomes: [{ a: 1, 'gpt-4o': 1 }],
        maxCostShare: 0.5,
      }),
    );
    expect(issues).toEqual([
      { path: 'calibrateLambda.outcomes', message: 'has 1 entries; predictions has 2' },
      { path: 'calibrateLambda.costs["gpt-4o"]', message: 'missing: every predicted model needs a cost' },
      { path: 'calibrateLambda.predictions[1]["gpt-4o"]', message: 'must be a number in [0, 1] (got 1.5)' },
    ]);
    const share = await issuesOf(() =>
      calibrateLambda(loose({ predictions: [{ a: 1 }], costs: { a: 1 }, targetStrongShare: 0.5 })),
    );
    expect(share).toEqual([
      { path: 'calibrateLambda.targetStrongShare', message: 'not a target here (pass targetQuality or maxCostShare)' },
    ]);
  });

  const predictor = { name: 'fixed', predict: () => ({ small: 0.5, large: 0.9 }) };
  const data = [
    { prompt: 'a', models: { small: { quality: 1, costUsd: 1 }, large: { quality: 1, costUsd: 10 } } },
    { prompt: 'b', models: { small: { quality: 0, costUsd: 1 }, large: { quality: 1, costUsd: 10 } } },
  ];

  it('data form: requires a predictor and consistent data', async () => {
    expect(await issuesOf(() => calibrateLambda(loose({ data, targetQuality: 0.5 })))).toEqual([
      {
        path: 'calibrateLambda.predictor',
        message: 'required with data: a quality predictor, e.g. learnedQuality({ model })',
      },
    ]);
    expect(await issuesOf(() => calibrateLambda({ predictor, data: [], targetQuality: 0.5 }))).toEqual([
      { path: 'calibrateLambda.data', message: 'needs at least one example' },
    ]);
    const inconsistent = [
      data[0]!,
      { prompt: 'b', models: { small: { quality: 2, costUsd: 1 }, medium: { quality: 1, costUsd: 3 } } },
    ];
    expect(await issuesOf(() => calibrateLambda({ predictor, data: inconsistent, maxCostShare: 1.2 }))).toEqual([
      { path: 'calibrateLambda.maxCostShare', message: 'must be a number in [0, 1] (got 1.2)' },
      { path: 'calibrateLambda.data[1].models.small.quality', message: 'must be a number in [0, 1] (got 2)' },
      {
        path: 'calibrateLambda.data[1].models.large',
        message: 'missing: every example needs the same models as the first (small, large)',
      },
      { path: 'calibrateLambda.data[1].models.medium', message: 'not in the first example (models: small, large)' },
    ]);
  });

  it('data form: predictions must cover exactly the data’s models, in [0, 1]', async () => {
    const missing = { name: 'half', predict: () => ({ small: 0.5 }) };
    expect(await issuesOf(() => calibrateLambda({ predictor: missing, data, targetQuality: 0.5 }))).toEqual([
      {
        path: 'calibrateLambda.predictor',
        message: 'half on data[0]: no prediction for "large" (the data\'s models: small, large)',
      },
    ]);
    const extra = { name: 'wide', predict: async () => ({ small: 0.5, large: 0.9, huge: 1 }) };
    const extraIssues = await issuesOf(() => calibrateLambda({ predictor: extra, data, targetQuality: 0.5 }));
    expect(extraIssues[0]!.message).toMatch(/^wide on data\[0\]: predicted "huge", which the data has no outcome for/);
    const outOfRange = { name: 'odd', predict: () => ({ small: -1, large: 0.9 }) };
    expect(await issuesOf(() => calibrateLambda({ predictor: outOfRange, data, targetQuality: 0.5 }))).toEqual([
      { path: 'calibrateLambda.predictor', message: 'odd on data[0]: predicted small = -1, not a number in [0, 1]' },
    ]);
  });
});

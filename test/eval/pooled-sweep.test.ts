import { describe, expect, it } from 'vitest';
import type { EvalDataset, EvalRow } from '../../src/eval/dataset.js';
import { classifierPolicy } from '../../src/eval/policies/classifier-policy.js';
import type { ClassifierFactory } from '../../src/eval/policies/policy.js';
import { pooledShareSweep, shareSweep } from '../../src/eval/policies/share-sweep.js';
import { taskPriorPolicy } from '../../src/eval/policies/task-prior-policy.js';
import { runEval } from '../../src/eval/run-eval.js';

/** A row whose prompt is its classifier score; `hard` rows need the strong model, `easy` ones do not. */
function row(task: string, score: number, hard: boolean): EvalRow {
  return {
    prompt: String(score),
    task,
    outcomes: { W: { quality: hard ? 0 : 1, costUsd: 1 }, S: { quality: 1, costUsd: 9 } },
    columns: { group: task },
  };
}

/** Scores a row as the number in its prompt, without training. */
const literal: ClassifierFactory = {
  name: 'literal',
  create: () => ({ name: 'literal', classify: (input) => ({ score: Number(input.prompt) }) }),
};

describe('pooledShareSweep', () => {
  const weak = [0];
  const strong = [1];
  const part = (scores: number[]) => ({ scores, low: () => weak, high: () => strong });

  it('cuts every part at one threshold, not at the same share within each part', () => {
    const sweep = pooledShareSweep([part([0.9, 0.8, 0.7, 0.6]), part([0.3, 0.2, 0.1, 0.05])], 1);
    expect(sweep(0.5)).toEqual([
      [strong, strong, strong, strong],
      [weak, weak, weak, weak],
    ]);
    expect(
      sweep(0.25)
        .flat()
        .filter((r) => r === strong),
    ).toHaveLength(2);
    // shareSweep per part would send half of each part.
    expect(
      shareSweep(
        [0.3, 0.2, 0.1, 0.05],
        1,
        () => weak,
        () => strong,
      )(0.5),
    ).toEqual([strong, strong, weak, weak]);
  });

  it('splits a tie at the cut by the seeded order, the same for the same seed', () => {
    const a = pooledShareSweep([part([0.5, 0.5]), part([0.5, 0.5])], 7)(0.5);
    expect(a.flat().filter((r) => r === strong)).toHaveLength(2);
    expect(pooledShareSweep([part([0.5, 0.5]), part([0.5, 0.5])], 7)(0.5)).toEqual(a);
  });
});

describe('runEval pools score-swept policies across folds', () => {
  it('sends a hard group’s rows first even when folds differ in difficulty (grouped folds)', async () => {
    // Group "h": 4 rows, all hard, scores .6–.9; group "e": 4 rows, all easy, scores .05–.3. Grouped into 2 folds,
    // a per-fold share of 50% would send two easy rows to S; one pooled threshold sends the four hard ones.
    const rows = [
      ...[0.9, 0.8, 0.7, 0.6].map((s) => row('h', s, true)),
      ...[0.3, 0.2, 0.1, 0.05].map((s) => row('e', s, false)),
    ];
    const data: EvalDataset = { models: ['W', 'S'], rows, hasResponses: false, notes: [] };
    const report = await runEval({ data, folds: 2, groupColumn: 'group', policies: [classifierPolicy(literal)] });
    const half = report.policies[0]!.curve.find((p) => p.strongShare === 0.5)!;
    expect(half.quality).toBe(1);
    expect(report.policies[0]!.cpt50).toBeCloseTo(0.25, 12);
  });
});

describe('taskPriorPolicy', () => {
  it('blends each score with its task’s running mean, rows taken in order, and is swept by share', async () => {
    // Task "a" scores .9 then .1 (mean .5); task "b" scores .2 then .32 (mean .26). With weight .5 the blended
    // scores are .9, .3 (a) and .2, .29 (b): the second "a" row now outranks the second "b" row, unlike the plain ones.
    const rows = [row('a', 0.9, true), row('b', 0.2, false), row('a', 0.1, true), row('b', 0.32, false)];
    const data: EvalDataset = { models: ['W', 'S'], rows, hasResponses: false, notes: [] };
    const test: EvalDataset = { ...data, rows: [...rows] };
    const plain = await runEval({ data, test, policies: [classifierPolicy(literal)] });
    const prior = await runEval({ data, test, policies: [taskPriorPolicy(literal, 0.5)] });
    expect(prior.policies[0]!.name).toBe('literal+task-prior');
    const atHalf = (r: typeof plain) => r.policies[0]!.curve.find((p) => p.strongShare === 0.5)!.quality;
    expect(atHalf(plain)).toBe(0.75); // .9 (hard) and .32 (easy) go strong
    expect(atHalf(prior)).toBe(1); // .9 and .3, both hard, go strong
  });
});

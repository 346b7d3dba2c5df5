import { describe, expect, it } from 'vitest';
import type { EvalDataset, EvalRow } from '../../src/eval/dataset.js';
import { cascadePolicy } from '../../src/eval/policies/cascade-policy.js';
import { classifierPolicy } from '../../src/eval/policies/classifier-policy.js';
import { perTaskPolicy } from '../../src/eval/policies/per-task-policy.js';
import { runEval } from '../../src/eval/run-eval.js';

function row(task: string, w: number, s: number, response = ''): EvalRow {
  return {
    prompt: `${task} question ${Math.random()}`,
    task,
    outcomes: { W: { quality: w, costUsd: 1, response }, S: { quality: s, costUsd: 9, response: '' } },
    columns: {},
  };
}

describe('per-task policy', () => {
  it('learns on training rows which task needs the strong model', async () => {
    // Task "hard": weak always wrong, strong right. Task "easy": both right.
    const rows = [
      ...Array.from({ length: 10 }, () => row('hard', 0, 1)),
      ...Array.from({ length: 10 }, () => row('easy', 1, 1)),
    ];
    const data: EvalDataset = { models: ['W', 'S'], rows, hasResponses: false, notes: [] };
    const report = await runEval({ data, folds: 2, policies: [perTaskPolicy()] });
    const policy = report.policies[0]!;
    // At moderate λ, hard → S and easy → W: perfect quality with half the queries on S.
    const best = policy.curve.find((p) => p.quality === 1 && p.strongShare === 0.5);
    expect(best).toBeDefined();
    expect(best!.costShare).toBeCloseTo((10 * 9 + 10 * 1) / (20 * 9), 12);
    expect(policy.apgr).toBeCloseTo(0.75, 12); // (0,0.5) → (0.5,1) → (1,1): area .375 + .5
  });
});

describe('cascade policy', () => {
  it('escalates exactly the rows whose weak answer fails the check, charging both calls', async () => {
    const rows = [row('t', 1, 1, 'ok'), row('t', 0, 1, 'bad'), row('t', 0, 1, 'bad'), row('t', 1, 0, 'ok')];
    const data: EvalDataset = { models: ['W', 'S'], rows, hasResponses: true, notes: [] };
    const check = (response: string) => ({ accept: response === 'ok', reasons: response === 'ok' ? [] : ['bad'] });
    const report = await runEval({ data, folds: 2, policies: [cascadePolicy('cascade', check)] });
    const point = report.policies[0]!.curve[0]!;
    expect(point.quality).toBe(1);
    expect(point.strongShare).toBe(0.5);
    expect(point.costUsd).toBe(4 * 1 + 2 * 9);
    expect(point.costShare).toBeCloseTo(22 / 36, 12);
  });
});

describe('classifier policy', () => {
  const hardEasy = () => Array.from({ length: 20 }, (_, i) => row(i % 2 ? 'hard' : 'easy', i % 2 ? 0 : 1, 1));
  const probe = (log: { train: Set<string>; scored: string[] }[]) => ({
    name: 'probe',
    create(train: readonly { prompt: string; task?: string; label: number }[]) {
      const entry = { train: new Set(train.map((t) => t.prompt)), scored: [] as string[] };
      log.push(entry);
      return {
        name: 'probe',
        classify: (input: { prompt: string; task?: string }) => {
          entry.scored.push(input.prompt);
          return { score: input.task === 'hard' ? 1 : 0 };
        },
      };
    },
  });

  it('trains per fold and never scores a row it trained on', async () => {
    const data: EvalDataset = { models: ['W', 'S'], rows: hardEasy(), hasResponses: false, notes: [] };
    const log: { train: Set<string>; scored: string[] }[] = [];
    await runEval({ data, folds: 4, policies: [classifierPolicy(probe(log))] });
    expect(log).toHaveLength(4);
    for (const { train, scored } of log) {
      expect(train.size).toBe(15);
      expect(scored).toHaveLength(5);
      for (const prompt of scored) expect(train.has(prompt)).toBe(false);
    }
  });

  it('with --test, trains on data and scores the test rows: a perfect classifier gives APGR .75, CPT(50%) 25%', async () => {
    const data: EvalDataset = { models: ['W', 'S'], rows: hardEasy(), hasResponses: false, notes: [] };
    const test: EvalDataset = { models: ['W', 'S'], rows: hardEasy(), hasResponses: false, notes: [] };
    const log: { train: Set<string>; scored: string[] }[] = [];
    const report = await runEval({ data, test, policies: [classifierPolicy(probe(log))] });
    expect(log).toHaveLength(1);
    expect(log[0]!.scored.sort()).toEqual(test.rows.map((r) => r.prompt).sort());
    // Quality .5 + share until share .5 (all hard rows on S), then 1: area .375 + .5 = .875 → APGR .75.
    expect(report.policies[0]!.apgr).toBeCloseTo(0.75, 12);
    expect(report.policies[0]!.cpt50).toBeCloseTo(0.25, 12);
    expect(report.rowsScored).toBe(20);
  });
});

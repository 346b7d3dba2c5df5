import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { learned, loadLearnedModel, shippedLearnedModel } from '../../src/index.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const fixtures = join(import.meta.dirname, '../fixtures/eval');

const capture = captureCliIo;

async function run(args: string[]) {
  const c = capture();
  const code = await main(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

const figure = (out: string, row: string, name: string) =>
  Number(new RegExp(`${row}\\s.*?${name.replace(/[()%]/g, '\\$&')} (\\d\\.\\d{3})`).exec(out)?.[1]);

describe('routewise train', () => {
  // train-labelled.jsonl: 120 synthetic rows, 60 short lookups / translations (the small model is right) and 60
  // proof requests (the small model is wrong), with 10% of the small model's outcomes flipped; source team-0..3.
  it('retrains on labelled jsonl, prints held-out figures, and writes weights learned() loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-train-'));
    const out = join(dir, 'nested/model.json');
    const data = join(fixtures, 'train-labelled.jsonl');
    const args = ['train', '--data', data, '--out', out, '--folds', '4', '--group-column', 'source'];
    const first = await run(args);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('data: 120 rows, models small, large');
    expect(first.out).toContain('weak small, strong large; labels tiers');
    expect(first.out).toContain('held out (4 folds grouped by source):');
    // Every row is scored by a model trained on the other three teams' rows only.
    const auc = figure(first.out, 'learned \\(retrained\\)', 'AUC');
    const apgr = figure(first.out, 'learned \\(retrained\\)', 'APGR');
    expect(auc).toBeGreaterThan(0.8);
    expect(apgr).toBeGreaterThan(0.6);
    // heuristic() learns nothing, so its held-out figures on this fixture are fixed.
    expect(['AUC', 'APGR', 'CPT(50%)', 'CPT(80%)'].map((name) => figure(first.out, 'heuristic', name))).toEqual([
      0.89, 0.7, 0.287, 0.442,
    ]);

    const text = readFileSync(out, 'utf8');
    const model = loadLearnedModel(text);
    expect(model.heads.map((h) => h.name)).toEqual(['weak', 'strong']);
    expect(model.meta).toMatchObject({ weakModel: 'small', strongModel: 'large', rows: 120, trainedOn: data });
    expect((model.meta!.heldOut as { learned: { auc: number } }).learned.auc).toBeCloseTo(auc, 3);
    const classifier = learned({ model });
    const hard = classifier.classify({ prompt: 'Prove that the cube root of 2 is irrational. Explain each step.' });
    const easy = classifier.classify({ prompt: 'What is the capital of Peru?' });
    expect(hard.score).toBeGreaterThan(easy.score + 0.1);
    // It is a new model, not the shipped one, and the same data and seed give the same weights.
    expect(classifier.classify({ prompt: 'x' }).score).not.toBe(
      learned({ model: shippedLearnedModel() }).classify({ prompt: 'x' }).score,
    );
    await run(args);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  it('reads RouteLLM CSVs and RouterBench (more than two models: the cheapest is weak) with a test set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-train-'));
    const routellm = await run([
      'train',
      '--data',
      join(fixtures, 'routellm-gsm.csv'),
      '--out',
      join(dir, 'a.json'),
      '--folds',
      '2',
      '--labels',
      'soft',
    ]);
    expect(routellm.err).toBe('');
    expect(routellm.out).toContain('weak weak-model, strong strong-model; labels soft');
    expect(loadLearnedModel(readFileSync(join(dir, 'a.json'), 'utf8')).heads.map((h) => h.name)).toEqual([
      'needsStrong',
    ]);

    const bench = join(fixtures, 'routerbench.csv');
    const rb = await run(['train', '--data', bench, '--test', bench, '--out', join(dir, 'b.json'), '--bits', '8']);
    // Scoring on the training file itself: every test prompt is a training prompt, and the run says so.
    expect(rb.err).toBe(
      'warning: --test: 3 of 3 test prompts also appear in the training data (first: "Q1, with comma"); ' +
        'figures of learned policies on them are not held out\n',
    );
    expect(rb.out).toContain('models model-a, model-b, model-c');
    expect(rb.out).toContain('weak model-c, strong model-b');
    expect(rb.out).toContain('held out (test set):');
    expect(rb.out).toMatch(/learned \(retrained\)\s+AUC\s+n\/a {2}APGR \d\.\d{3}/); // 3 rows: no "needed strong" row

    const chosen = await run([
      'train',
      '--data',
      bench,
      '--folds',
      '0',
      '--weak',
      'model-a',
      '--strong',
      'model-b',
      '--out',
      join(dir, 'c.json'),
    ]);
    expect(chosen.out).toContain('weak model-a, strong model-b');
    expect(chosen.out).not.toContain('held out');
  });

  it('exits 2 with one line on bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-train-'));
    const data = join(fixtures, 'train-labelled.jsonl');
    const cases: [string[], string][] = [
      [['train', '--out', join(dir, 'x.json')], '--data is required (labelled outcomes to train on)'],
      [['train', '--data', data], '--out is required (where to write the weights)'],
      [
        ['train', '--data', data, '--out', join(dir, 'x.json'), '--weak', 'tiny'],
        '--weak: "tiny" is not a model of the data (models: small, large)',
      ],
      [
        ['train', '--data', data, '--out', join(dir, 'x.json'), '--folds', '1'],
        '--folds must be 0 (no held-out figures) or at least 2',
      ],
      [
        ['train', '--data', data, '--out', join(dir, 'x.json'), '--labels', 'hard'],
        '--labels: "hard" is not one of tiers, soft',
      ],
      [['train', '--data', join(fixtures, 'routellm-gsm.csv'), '--out', join(dir, 'x.json')], '--folds 5: only 4 rows'],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code).toBe(2);
      expect(result.err).toBe(`routewise train: ${message}\n`);
    }
    const help = await run(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: routewise train --data PATH --out FILE');
  });
});

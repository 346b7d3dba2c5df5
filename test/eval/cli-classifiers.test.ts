import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmbedderChoice } from '../../src/cli/eval-classifiers.js';
import { evalCommand } from '../../src/cli/eval-command.js';
import { main } from '../../src/cli/main.js';
import type { Embedder } from '../../src/index.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

/** Off a terminal, stderr carries one progress line per stage and nothing else. */
const ONLY_PROGRESS_LINES = /^(\[\s*\d+\/\d+\] [^\n]+\n)+$/;

const fixtures = join(import.meta.dirname, 'fixtures');
const data = join(fixtures, 'hard-easy.jsonl');

const capture = captureCliIo;

/** Deterministic embedder: "hard…" and "easy…" prompts point different ways. Counts the texts it embeds. */
function countingEmbedder() {
  const seen: string[] = [];
  const embedder: Embedder = {
    name: 'fake',
    dimensions: 3,
    async embed(texts) {
      seen.push(...texts);
      return texts.map((t) => [t.startsWith('hard') ? 1 : 0, t.startsWith('easy') ? 1 : 0, (t.length % 5) / 50]);
    },
  };
  const choice: EmbedderChoice = { create: () => embedder };
  return { seen, embedders: { fake: choice } };
}

type JsonPolicy = {
  name: string;
  apgr: number;
  aiq: number | null;
  curve: { strongShare: number; costShare: number }[];
};

describe('routewise eval --classifiers embedding-knn', () => {
  it('adds embedding-knn, and a second run with --embedding-cache embeds nothing and reports the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-knn-'));
    const cacheFile = join(dir, 'emb.json');
    const run = async (json: string) => {
      const fake = countingEmbedder();
      const c = capture();
      // keyword-classifier.mjs knows which prompts are hard: the reference for a perfect ranking.
      const argv = ['--data', data, '--folds', '4', '--classifiers', 'heuristic,embedding-knn', '--embedder', 'fake'];
      argv.push('--classifier-module', join(fixtures, 'keyword-classifier.mjs'));
      const code = await evalCommand([...argv, '--embedding-cache', cacheFile, '--json', json], c.io, {
        embedders: fake.embedders,
      });
      expect(c.err()).toMatch(ONLY_PROGRESS_LINES);
      expect(code).toBe(0);
      return { seen: fake.seen, report: JSON.parse(readFileSync(json, 'utf8')) };
    };
    const first = await run(join(dir, 'a.json'));
    expect(first.seen).toHaveLength(20);
    const names = first.report.policies.map((p: JsonPolicy) => p.name);
    expect(names).toEqual([
      'heuristic',
      'embedding-knn',
      'keyword',
      'per-task',
      'per-task+keyword',
      'keyword+task-prior',
    ]);
    const [, knn, keyword] = first.report.policies as JsonPolicy[];
    expect(knn!.apgr).toBe(keyword!.apgr);
    expect(knn!.apgr).toBeGreaterThan(0.69);
    const second = await run(join(dir, 'b.json'));
    expect(second.seen).toEqual([]);
    expect(second.report.policies).toEqual(first.report.policies);
  });

  it('keeps heuristic and learned as the default, and refuses bad classifier flags with one line', async () => {
    const c = capture();
    expect(await main(['eval', '--data', data, '--folds', '2'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^learned\s/m);
    expect(c.out()).not.toMatch(/embedding-knn/);
    const cases: [string[], RegExp][] = [
      [
        ['--classifiers', 'heuristic,bogus'],
        /--classifiers: "bogus" is not one of heuristic, learned, learned-options, embedding-knn/,
      ],
      [['--classifiers', ','], /--classifiers: name at least one of/],
      [['--embedder', 'use'], /--embedder needs embedding-knn in --classifiers/],
      [['--embedding-cache', 'x.json'], /--embedding-cache needs embedding-knn in --classifiers/],
      [['--classifiers', 'embedding-knn', '--embedder', 'nope'], /--embedder: "nope" is not one of use/],
      [['--classifiers', 'embedding-knn', '--knn-k', '0'], /--knn-k must be at least 1/],
      [['--classifier-module', join(fixtures, 'missing.mjs')], /--classifier-module .*missing\.mjs: no such file/],
      [
        ['--classifier-module', join(fixtures, 'not-a-classifier.mjs')],
        /not-a-classifier\.mjs: the default export \(or "classifier"\) must be a classifier .* got a number/,
      ],
    ];
    for (const [flags, message] of cases) {
      const e = capture();
      expect(await main(['eval', '--data', data, '--folds', '2', ...flags], e.io)).toBe(2);
      expect(e.err()).toMatch(message);
      expect(e.err().trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('routewise eval --classifiers learned-options', () => {
  it('adds learned with answer-option features and its own task prior beside learned', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-options-'));
    const json = join(dir, 'r.json');
    const c = capture();
    const argv = ['eval', '--data', data, '--folds', '2', '--classifiers', 'learned,learned-options', '--json', json];
    expect(await main(argv, c.io)).toBe(0);
    const names = JSON.parse(readFileSync(json, 'utf8')).policies.map((p: JsonPolicy) => p.name);
    expect(names).toEqual([
      'learned',
      'learned-options',
      'per-task',
      'per-task+learned',
      'learned+task-prior',
      'learned-options+task-prior',
    ]);
  });
});

describe('routewise eval --classifier-module', () => {
  it('evaluates a training function (per fold) and a ready classifier, charging what the classifier reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-module-'));
    const c = capture();
    const code = await main(
      [
        'eval',
        '--data',
        data,
        '--folds',
        '4',
        '--classifiers',
        'heuristic',
        '--classifier-module',
        join(fixtures, 'word-vote-classifier.ts'),
        '--classifier-module',
        join(fixtures, 'keyword-classifier.mjs'),
        '--json',
        join(dir, 'r.json'),
      ],
      c.io,
    );
    expect(c.err()).toMatch(ONLY_PROGRESS_LINES);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const byName = new Map<string, JsonPolicy>(report.policies.map((p: JsonPolicy) => [p.name, p]));
    expect([...byName.keys()]).toEqual([
      'heuristic',
      'word-vote-classifier',
      'keyword',
      'per-task',
      'per-task+keyword',
      'keyword+task-prior',
    ]);
    // The function learned, from each fold's training rows alone, that "hard" prompts need the strong model: it
    // ranks as well as keyword, which is told so (APGR .75: one threshold across the folds' pooled scores).
    const keyword = byName.get('keyword')!;
    expect(byName.get('word-vote-classifier')!.apgr).toBe(keyword.apgr);
    expect(keyword.apgr).toBeCloseTo(0.75, 5);
    // keyword charges $0.0001 per query on top of the calls: all-weak (20 × .001 + 20 × .0001) / (20 × .01) = .11,
    // all-strong (20 × .01 + 20 × .0001) / (20 × .01) = 1.01; a classifier that reports no cost adds nothing.
    expect(keyword.curve[0]!.costShare).toBeCloseTo(0.11, 9);
    expect(keyword.curve.at(-1)!.costShare).toBeCloseTo(1.01, 9);
    expect(byName.get('word-vote-classifier')!.curve[0]!.costShare).toBeCloseTo(0.1, 9);
  });
});

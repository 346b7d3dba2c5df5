import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EvalDataset, EvalRow } from '../../src/eval/dataset.js';
import { cachedEmbedder } from '../../src/eval/embeddings/cached-embedder.js';
import {
  embeddingKey,
  loadEmbeddingCache,
  memoryEmbeddingCache,
  saveEmbeddingCache,
} from '../../src/eval/embeddings/embedding-cache.js';
import { EvalInputError } from '../../src/eval/eval-input-error.js';
import { classifierPolicy } from '../../src/eval/policies/classifier-policy.js';
import { classifierScores } from '../../src/eval/policies/classifier-scores.js';
import { embeddingKnnFactory } from '../../src/eval/policies/embedding-knn-factory.js';
import { runEval } from '../../src/eval/run-eval.js';
import { foldSplits } from '../../src/eval/splits.js';
import type { Embedder } from '../../src/index.js';

/**
 * A deterministic stand-in for a sentence embedder: dimension 0 fires on "hard", 1 on "easy", the rest are small
 * values from the characters (so no two prompts share a vector). Records every call's texts.
 */
function fakeEmbedder(dimensions = 8): Embedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    name: 'fake-embedder',
    dimensions,
    calls,
    async embed(texts) {
      calls.push([...texts]);
      return texts.map((text) => {
        const v = new Array<number>(dimensions).fill(0);
        v[0] = text.startsWith('hard') ? 1 : 0;
        v[1] = text.startsWith('easy') ? 1 : 0;
        for (let i = 0; i < text.length; i++) v[2 + (i % (dimensions - 2))]! += (text.charCodeAt(i) % 7) / 700;
        return v;
      });
    },
  };
}

function row(prompt: string, w: number, s: number): EvalRow {
  return { prompt, outcomes: { W: { quality: w, costUsd: 1 }, S: { quality: s, costUsd: 9 } }, columns: {} };
}

// Hard rows: W wrong, S right. Easy rows: both right.
const hardEasy = (): EvalDataset => ({
  models: ['W', 'S'],
  rows: Array.from({ length: 20 }, (_, i) =>
    i % 2 ? row(`hard question ${i}`, 0, 1) : row(`easy question ${i}`, 1, 1),
  ),
  hasResponses: false,
  notes: [],
});

describe('embedding-knn in the evaluator', () => {
  it('separates hard from easy by neighbours, embedding each prompt once across folds, in batches', async () => {
    const fake = fakeEmbedder();
    const embedder = cachedEmbedder(fake);
    const factory = embeddingKnnFactory({ embedder, k: 3 });
    const perfect = {
      name: 'perfect',
      create: () => ({
        name: 'perfect',
        classify: ({ prompt }: { prompt: string }) => ({ score: +/^hard/.test(prompt) }),
      }),
    };
    const report = await runEval({
      data: hardEasy(),
      folds: 4,
      policies: [classifierPolicy(factory), classifierPolicy(perfect)],
    });
    const [knn, best] = report.policies;
    expect(knn!.name).toBe('embedding-knn');
    // The same curve as a classifier that knows which rows are hard (APGR below .75 only because each fold's
    // threshold sends a whole number of its 5 rows).
    expect(knn!.curve).toEqual(best!.curve);
    expect(knn!.apgr).toBeGreaterThan(0.69);
    const embedded = fake.calls.flat();
    expect(new Set(embedded).size).toBe(20);
    expect(embedded).toHaveLength(20);
    expect(embedder.embedded).toBe(20);
    // Fold 1's 15 training prompts in one call, its 5 test queries (classified concurrently) in another.
    expect(fake.calls.map((c) => c.length)).toEqual([15, 5]);
  });

  it('builds each fold index from training rows only: a scored row is never its own neighbour', async () => {
    // Every prompt gets its own axis, so the only similar example a row could find is itself. Without it, all
    // neighbours tie at similarity 0 and a fold's scores are all equal (k = 1: the first training row's label).
    const data = hardEasy();
    const axes = new Map(data.rows.map((r, i) => [r.prompt, i]));
    const oneHot: Embedder = {
      name: 'one-hot',
      dimensions: 20,
      embed: async (texts) => texts.map((t) => Array.from({ length: 20 }, (_, d) => (d === axes.get(t) ? 1 : 0))),
    };
    const factory = embeddingKnnFactory({ embedder: cachedEmbedder(oneHot), k: 1 });
    const context = { models: data.models, weak: 0, strong: 1, seed: 1 };
    for (const split of foldSplits(data.rows, { folds: 4, seed: 1 })) {
      const { scores } = await classifierScores(factory, split, context);
      const firstTrainLabel = split.train[0]!.outcomes.W!.quality === 0 ? 1 : 0.5;
      expect(scores).toEqual(split.test.map(() => firstTrainLabel));
      const classifier = await factory.create(
        split.train.map((r) => ({ prompt: r.prompt, label: 0.5, weak: 1, strong: 1 })),
        1,
      );
      const index = await (classifier as unknown as { index(): Promise<{ vectors: unknown[] }> }).index();
      expect(index.vectors).toHaveLength(split.train.length);
    }
  });
});

describe('cachedEmbedder', () => {
  it('gathers concurrent one-text calls into one batch, embeds a text once, and returns float32 values', async () => {
    const fake = fakeEmbedder();
    const progress: number[] = [];
    const embedder = cachedEmbedder(fake, { batchSize: 2, onEmbedded: (n) => progress.push(n) });
    const texts = ['hard a', 'easy b', 'hard a', 'hard c'];
    const vectors = await Promise.all(texts.map((t) => embedder.embed([t])));
    expect(fake.calls).toEqual([['hard a', 'easy b'], ['hard c']]);
    expect(progress).toEqual([2, 3]);
    expect(vectors[0]).toEqual(vectors[2]);
    const [direct] = await fakeEmbedder().embed(['hard c']);
    expect(vectors[3]![0]).toEqual(direct!.map((x) => Math.fround(x)));
    expect(embedder.has('easy b')).toBe(true);
    expect(embedder.has('easy z')).toBe(false);
    await embedder.embed(['easy b']);
    expect(fake.calls).toHaveLength(2);
  });

  it('rejects every waiting text when the embedder fails, and tries again on the next call', async () => {
    let fail = true;
    const flaky: Embedder = {
      name: 'flaky',
      dimensions: 2,
      async embed(texts) {
        if (fail) throw new Error('model crashed');
        return texts.map(() => [1, 0]);
      },
    };
    const embedder = cachedEmbedder(flaky);
    const results = await Promise.allSettled([embedder.embed(['a']), embedder.embed(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('model crashed');
    fail = false;
    expect(await embedder.embed(['a'])).toEqual([[1, 0]]);
  });
});

describe('embedding cache file', () => {
  it('saves and loads vectors keyed by embedder and text; a second run embeds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-emb-'));
    const path = join(dir, 'sub', 'cache.json');
    const first = fakeEmbedder();
    const cache = loadEmbeddingCache(path);
    expect(cache.size).toBe(0);
    const v1 = await cachedEmbedder(first, { cache }).embed(['hard x', 'easy y']);
    expect(cache.added).toBe(2);
    saveEmbeddingCache(path, cache);
    expect(cache.added).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).format).toBe('routewise-embedding-cache-v1');

    const second = fakeEmbedder();
    const loaded = loadEmbeddingCache(path);
    expect(loaded.size).toBe(2);
    expect(await cachedEmbedder(second, { cache: loaded }).embed(['easy y', 'hard x'])).toEqual([v1[1], v1[0]]);
    expect(second.calls).toEqual([]);
    // Another embedder (another name) never reads these vectors.
    expect(embeddingKey('fake-embedder', 8, 'hard x')).not.toBe(embeddingKey('other', 8, 'hard x'));
    const other = { ...fakeEmbedder(), name: 'other' };
    await cachedEmbedder(other, { cache: loaded }).embed(['hard x']);
    expect(other.calls).toEqual([['hard x']]);
  });

  it('refuses a file that is not an embedding cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'routewise-emb-'));
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"format":"something-else","vectors":{}}');
    expect(() => loadEmbeddingCache(path)).toThrow(EvalInputError);
    expect(() => loadEmbeddingCache(path)).toThrow(/expected format "routewise-embedding-cache-v1"/);
    writeFileSync(path, 'not json');
    expect(() => loadEmbeddingCache(path)).toThrow(/not a JSON embedding cache/);
    expect(existsSync(join(dir, 'missing.json'))).toBe(false);
    expect(loadEmbeddingCache(join(dir, 'missing.json')).size).toBe(0);
    expect(memoryEmbeddingCache().size).toBe(0);
  });
});

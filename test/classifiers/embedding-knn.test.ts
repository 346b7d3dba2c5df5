import { describe, expect, it } from 'vitest';
import { buildEmbeddingIndex, ConfigError, type Embedder, type EmbeddingIndex, embeddingKnn } from '../../src/index.js';

/**
 * A deterministic fake embedder: each known text maps to a fixed 3-d vector (unknown texts → a vector hashed from
 * the text), and it counts calls. With `costPerText` it also reports a cost, like a paid embedder.
 */
function fakeEmbedder(table: Record<string, number[]>, costPerText?: number) {
  const calls: string[][] = [];
  const vector = (text: string) =>
    table[text] ?? [...text].reduce((v, c, i) => v.map((x, d) => (d === i % 3 ? x + c.charCodeAt(0) : x)), [0, 0, 0]);
  const embedder: Embedder & { calls: string[][] } = {
    name: 'fake-3d',
    dimensions: 3,
    calls,
    async embed(texts) {
      calls.push(texts);
      return texts.map(vector);
    },
  };
  if (costPerText !== undefined) {
    embedder.embedWithCost = async (texts) => ({
      vectors: await embedder.embed(texts),
      costUsd: texts.length * costPerText,
    });
  }
  return embedder;
}

// Two clusters: easy queries near the x axis (label 0), hard ones near the y axis (label 1), one soft label.
const table: Record<string, number[]> = {
  easy1: [1, 0.05, 0],
  easy2: [1, -0.05, 0],
  easy3: [0.9, 0.1, 0],
  hard1: [0.05, 1, 0],
  hard2: [-0.05, 1, 0],
  hard3: [0.1, 0.9, 0.1],
  tie: [0, 0, 1],
  qEasy: [2, 0.1, 0], // length does not matter: cosine
  qHard: [0, 3, 0],
  qMiddle: [1, 1, 0],
  qOpposite: [-1, -1, -1],
};
const examples = [
  { prompt: 'easy1', label: 0 },
  { prompt: 'easy2', label: 0 },
  { prompt: 'easy3', label: 0 },
  { prompt: 'hard1', label: 1 },
  { prompt: 'hard2', label: 1 },
  { prompt: 'hard3', label: 1 },
  { prompt: 'tie', label: 0.5 },
];

describe('embeddingKnn', () => {
  it('scores the weighted share of the k nearest neighbours that needed the strong model', async () => {
    const embedder = fakeEmbedder(table);
    const knn = embeddingKnn({ embedder, examples, k: 3 });
    expect(knn.name).toBe('embeddingKnn');
    expect((await knn.classify({ prompt: 'qEasy' })).score).toBe(0);
    expect((await knn.classify({ prompt: 'qHard' })).score).toBe(1);
    // Examples are embedded once, in one call; every query is one more call.
    expect(embedder.calls.map((c) => c.length)).toEqual([7, 1, 1]);
  });

  it('weights votes by cosine similarity, or uniformly', async () => {
    const embedder = fakeEmbedder(table);
    // qMiddle = [1,1,0]/√2. Its 3 nearest: easy3 (cos ≈ 0.781), hard3 (0.776), then easy1 / hard1 (0.742 each; the
    // tie goes to the lower row, easy1). Similarity weights: the one label-1 vote weighs 0.776 of 0.781 + 0.776 + 0.742.
    const cos = (a: number[], b: number[]) =>
      a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));
    const w = [table.hard3!, table.easy3!, table.easy1!].map((v) => cos(table.qMiddle!, v));
    const expected = w[0]! / (w[0]! + w[1]! + w[2]!);
    const bySimilarity = await embeddingKnn({ embedder, examples, k: 3 }).classify({ prompt: 'qMiddle' });
    expect(bySimilarity.score).toBeCloseTo(expected, 6);
    const uniform = await embeddingKnn({ embedder, examples, k: 3, weighting: 'uniform' }).classify({
      prompt: 'qMiddle',
    });
    expect(uniform.score).toBeCloseTo(1 / 3, 12);
  });

  it('counts example weights and soft labels; k larger than the examples uses them all', async () => {
    const embedder = fakeEmbedder(table);
    const weighted = examples.map((e) => (e.prompt === 'hard1' ? { ...e, weight: 0 } : e));
    const knn = embeddingKnn({ embedder, examples: weighted, k: 100, weighting: 'uniform' });
    // Uniform over all 7, hard1 weighted 0: (0+0+0+1+1+0.5) / 6.
    expect((await knn.classify({ prompt: 'qHard' })).score).toBeCloseTo(2.5 / 6, 12);
    // Nothing points the same way as qOpposite: the plain mean of the neighbours' labels.
    const all = embeddingKnn({ embedder, examples, k: 7 });
    expect((await all.classify({ prompt: 'qOpposite' })).score).toBeCloseTo(3.5 / 7, 12);
  });

  it('reports a paid embedder’s query cost so the router can charge it', async () => {
    const knn = embeddingKnn({ embedder: fakeEmbedder(table, 0.001), examples, k: 3 });
    const result = await knn.classify({ prompt: 'qHard' });
    expect(result).toEqual({ score: 1, costUsd: 0.001 });
    const index = await knn.index();
    expect(index.costUsd).toBeCloseTo(0.007, 12);
    const free = await embeddingKnn({ embedder: fakeEmbedder(table), examples, k: 3 }).classify({ prompt: 'qHard' });
    expect(free).toEqual({ score: 1 });
  });

  it('saves an index as JSON and scores the same from it, without re-embedding the examples', async () => {
    const built = await buildEmbeddingIndex(fakeEmbedder(table), examples);
    const loaded = JSON.parse(JSON.stringify(built)) as EmbeddingIndex;
    const embedder = fakeEmbedder(table);
    const knn = embeddingKnn({ embedder, index: loaded, k: 3 });
    for (const prompt of ['qEasy', 'qHard', 'qMiddle']) {
      const fromExamples = await embeddingKnn({ embedder: fakeEmbedder(table), examples, k: 3 }).classify({ prompt });
      expect((await knn.classify({ prompt })).score).toBe(fromExamples.score);
    }
    expect(embedder.calls.every((c) => c.length === 1)).toBe(true);
  });

  it('refuses bad options at construction with paths', async () => {
    const embedder = fakeEmbedder(table);
    const issues = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues(() => embeddingKnn({ embedder, examples, k: 0 }))).toEqual([
      'embeddingKnn.k: must be a whole number ≥ 1 (got 0)',
    ]);
    expect(issues(() => embeddingKnn({ embedder, examples: [{ prompt: 'a', label: 2 }] }))).toEqual([
      'embeddingKnn.examples[0].label: must be a number in [0, 1] (got 2)',
    ]);
    expect(issues(() => embeddingKnn({ embedder, examples: [] }))).toEqual([
      'embeddingKnn.examples: needs at least one labelled example',
    ]);
    expect(issues(() => embeddingKnn({ embedder } as never))).toEqual([
      'embeddingKnn: pass exactly one of examples and index',
    ]);
    const index = await buildEmbeddingIndex(embedder, examples);
    const other: Embedder = { name: 'other', dimensions: 4, embed: async (t) => t.map(() => [0, 0, 0, 1]) };
    expect(issues(() => embeddingKnn({ embedder: other, index }))).toEqual([
      'embeddingKnn.index.embedder: the index was built with "fake-3d", but queries would be embedded with "other"',
      'embeddingKnn.index.dimensions: 3, but the embedder makes 4',
    ]);
  });
});

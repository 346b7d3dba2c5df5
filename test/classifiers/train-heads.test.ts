import { describe, expect, it } from 'vitest';
import { FeatureVectorCache } from '../../src/classifiers/feature-vector-cache.js';
import {
  DEFAULT_HASHED_FEATURE_OPTIONS,
  forEachFeature,
  sparseFeatures,
} from '../../src/classifiers/hashed-features.js';
import type { LearnedModel } from '../../src/classifiers/learned-model.js';
import { trainLearned, trainLearnedHeads } from '../../src/classifiers/train-learned.js';

const topics = ['integral of x', 'capital of Peru', 'prove the theorem', 'spell cat', 'JSON schema for orders'];
const examples = Array.from({ length: 120 }, (_, i) => ({
  prompt: `${topics[i % topics.length]} #${i} ${'with more words '.repeat(i % 7)}`,
  task: i % 2 ? 'math' : 'misc',
  labels: { weak: i % 3 === 0 ? 1 : 0, strong: i % 5 === 0 ? 0 : 1, judge: (i % 4) / 3 },
}));

const sameHead = (a: LearnedModel['heads'][number], b: LearnedModel['heads'][number]) => {
  expect(a.bias).toBe(b.bias);
  expect(a.step).toBe(b.step);
  expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
};

describe('training several heads in one pass', () => {
  it('gives each head exactly the weights that training it alone gives', () => {
    const joint = trainLearnedHeads(examples, { epochs: 3, seed: 7 });
    for (const [h, name] of ['weak', 'strong', 'judge'].entries()) {
      const alone = trainLearned(
        examples.map((e) => ({ prompt: e.prompt, task: e.task, label: e.labels[name as 'weak'] })),
        { epochs: 3, seed: 7 },
      );
      sameHead(joint.heads[h]!, alone.heads[0]!);
    }
  });

  it('trains the same model from cached feature vectors, featurizing each row once across trainings', () => {
    const featureCache = new FeatureVectorCache();
    const fresh = trainLearnedHeads(examples.slice(0, 90), { epochs: 2 });
    const cached = trainLearnedHeads(examples.slice(0, 90), { epochs: 2, featureCache });
    for (const [h, head] of fresh.heads.entries()) sameHead(head, cached.heads[h]!);
    // A second, overlapping training set reuses the vectors already computed.
    const first = featureCache.get(examples[30]!, { ...DEFAULT_HASHED_FEATURE_OPTIONS });
    trainLearnedHeads(examples.slice(30), { epochs: 1, featureCache });
    expect(featureCache.get(examples[30]!, { ...DEFAULT_HASHED_FEATURE_OPTIONS })).toBe(first);
  });

  it('sums repeated feature indices in order, as a map would', () => {
    for (const example of examples.slice(0, 20)) {
      const sums = new Map<number, number>();
      forEachFeature(example, DEFAULT_HASHED_FEATURE_OPTIONS, {
        add: (index, value) => sums.set(index, (sums.get(index) ?? 0) + value),
      });
      const indices = Int32Array.from(sums.keys()).sort();
      const vector = sparseFeatures(example, DEFAULT_HASHED_FEATURE_OPTIONS);
      expect(Array.from(vector.indices)).toEqual(Array.from(indices));
      expect(Array.from(vector.values)).toEqual(Array.from(Float32Array.from(indices, (i) => sums.get(i)!)));
    }
  });
});

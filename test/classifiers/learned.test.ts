import { describe, expect, it } from 'vitest';
import { featureDimension, sparseFeatures } from '../../src/classifiers/hashed-features.js';
import { learned, shippedLearnedModel } from '../../src/classifiers/learned.js';
import { predictHeads } from '../../src/classifiers/learned-model.js';
import { rocAuc } from '../../src/eval/metrics/routing-metrics.js';
import { loadLearnedModel, serializeLearnedModel } from '../../src/classifiers/serialize-learned-model.js';
import { trainLearned, trainLearnedHeads, trainLearnedTiers } from '../../src/classifiers/train-learned.js';
import { syntheticRows } from './synthetic-data.js';

const score = (classifier: ReturnType<typeof learned>, prompt: string, task?: string) =>
  classifier.classify({ prompt, task }).score;

const small = { features: { bits: 14 } };

describe('trainLearned', () => {
  const train = syntheticRows(300, 1);
  const test = syntheticRows(200, 2);
  const model = trainLearned(train, small);
  const classifier = learned({ model });
  const scores = test.map((row) => score(classifier, row.prompt));

  it('separates the classes on held-out rows', () => {
    expect(
      rocAuc(
        scores,
        test.map((row) => row.label),
      ),
    ).toBeGreaterThan(0.9);
    for (const s of scores) {
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
  });

  it('is deterministic for the same data and seed', () => {
    const again = learned({ model: trainLearned(train, small) });
    expect(test.slice(0, 20).map((row) => score(again, row.prompt))).toEqual(scores.slice(0, 20));
  });

  it('round-trips through JSON with identical scores', () => {
    const text = JSON.stringify(serializeLearnedModel(model));
    const loaded = learned({ model: loadLearnedModel(text) });
    expect(test.map((row) => score(loaded, row.prompt))).toEqual(scores);
    expect(JSON.stringify(serializeLearnedModel(loadLearnedModel(text)))).toBe(text);
  });

  it('round-trips 8-bit weights in one byte each', () => {
    const model8 = trainLearned(train, { ...small, quantizationBits: 8 });
    const serialized = serializeLearnedModel(model8);
    expect(serialized.heads[0]!.width).toBe(1);
    expect(serializeLearnedModel(model).heads[0]!.width).toBe(2);
    const loaded = learned({ model: loadLearnedModel(JSON.stringify(serialized)) });
    const original = learned({ model: model8 });
    expect(test.map((row) => score(loaded, row.prompt))).toEqual(test.map((row) => score(original, row.prompt)));
    expect(
      rocAuc(
        test.map((row) => score(loaded, row.prompt)),
        test.map((row) => row.label),
      ),
    ).toBeGreaterThan(0.9);
  });

  it('stores only non-zero weights', () => {
    const serialized = serializeLearnedModel(model);
    const nonZero = model.heads[0]!.weights.reduce((n, w) => n + (w !== 0 ? 1 : 0), 0);
    expect(serialized.heads[0]!.count).toBe(nonZero);
    expect(nonZero).toBeLessThan(featureDimension(model.features));
  });

  it('rejects data that is not a serialized model', () => {
    expect(() => loadLearnedModel('{"format":"other"}')).toThrow(/expected format "routewise-learned-v1"/);
  });

  it('uses the task label as a feature', () => {
    const rows = syntheticRows(200, 3).map((row, i) => ({
      prompt: row.prompt,
      task: i % 2 ? 'math' : 'chat',
      label: i % 2,
    }));
    const byTask = learned({ model: trainLearned(rows, { ...small, features: { bits: 14, charNgramMin: 0 } }) });
    expect(score(byTask, 'the a about', 'math')).toBeGreaterThan(score(byTask, 'the a about', 'chat'));
  });
});

describe('trainLearnedHeads', () => {
  it('trains one head per model over shared features', () => {
    const rows = syntheticRows(300, 4).map((row) => ({
      prompt: row.prompt,
      labels: { small: row.label ? 0 : 1, large: 1 },
    }));
    const model = trainLearnedHeads(rows, small);
    expect(model.heads.map((head) => head.name)).toEqual(['small', 'large']);
    const hard = predictHeads(model, { prompt: 'prove the theorem about the integral' });
    const easy = predictHeads(model, { prompt: 'tell me about the weather and a recipe' });
    expect(hard.small!).toBeLessThan(0.5);
    expect(easy.small!).toBeGreaterThan(0.5);
    expect(hard.large!).toBeGreaterThan(0.5);
    expect(score(learned({ model, head: 'small' }), 'prove the theorem')).toBeCloseTo(
      predictHeads(model, { prompt: 'prove the theorem' }).small!,
      12,
    );
    expect(() => learned({ model, head: 'medium' })).toThrow('no head "medium" in the model (heads: small, large)');
  });
});

describe('trainLearnedTiers', () => {
  it('scores the expected gain of escalating, (1 + P(strong) − P(weak)) / 2', () => {
    // The weak tier fails the hard rows, the strong tier answers everything.
    const rows = syntheticRows(300, 5).map((row) => ({ prompt: row.prompt, weak: 1 - row.label, strong: 1 }));
    const model = trainLearnedTiers(rows, small);
    expect(model.heads.map((head) => head.name)).toEqual(['weak', 'strong']);
    const classifier = learned({ model });
    const test = syntheticRows(200, 6);
    const scores = test.map((row) => classifier.classify({ prompt: row.prompt }).score);
    expect(
      rocAuc(
        scores,
        test.map((row) => row.label),
      ),
    ).toBeGreaterThan(0.9);
    const heads = predictHeads(model, { prompt: test[0]!.prompt });
    expect(scores[0]).toBeCloseTo((1 + heads.strong! - heads.weak!) / 2, 12);
    expect(learned({ model, head: 'weak' }).classify({ prompt: test[0]!.prompt }).score).toBeCloseTo(heads.weak!, 12);
  });
});

describe('shipped weights', () => {
  it('load and score real prompts in [0, 1]', () => {
    const model = shippedLearnedModel();
    expect(model.heads.map((head) => head.name)).toEqual(['weak', 'strong']);
    expect(model.heads[0]!.weights.length).toBe(featureDimension(model.features));
    const classifier = learned();
    const input = { prompt: 'A train leaves at 3 pm at 60 mph; another at 4 pm at 80 mph. When does it catch up?' };
    const heads = predictHeads(model, input);
    expect(classifier.classify(input).score).toBeCloseTo((1 + heads.strong! - heads.weak!) / 2, 12);
    expect(classifier.name).toBe('learned');
    for (const prompt of [
      '',
      'hi',
      'Janet has 3 ducks; each lays 16 eggs a day. She sells the remainder at $2 each. How much does she make?',
      'x'.repeat(20000),
    ]) {
      const s = score(classifier, prompt, 'gsm8k');
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1);
    }
  });
});

describe('hashed features', () => {
  it('reads only the head and tail of a long prompt', () => {
    const options = { ...shippedLearnedModel().features, maxChars: 100 };
    const middle = (fill: string) => `${'a'.repeat(60)}${fill.repeat(1000)}${'b'.repeat(60)}`;
    expect(sparseFeatures({ prompt: middle('x') }, options)).toEqual(sparseFeatures({ prompt: middle('y') }, options));
    expect(sparseFeatures({ prompt: 'abc def' }, options)).not.toEqual(sparseFeatures({ prompt: 'abc deg' }, options));
  });
});

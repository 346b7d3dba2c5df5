import { describe, expect, it } from 'vitest';
import { predictHeads } from '../../src/classifiers/learned-model.js';
import { learnedQuality } from '../../src/classifiers/quality-predictor.js';
import { trainLearnedHeads } from '../../src/classifiers/train-learned.js';
import { ConfigError } from '../../src/errors.js';
import { syntheticRows } from './synthetic-data.js';

// Three candidates: small answers the easy rows only, medium most rows, large every row.
const model = trainLearnedHeads(
  syntheticRows(300, 7).map((row, i) => ({
    prompt: row.prompt,
    labels: { small: row.label ? 0 : 1, medium: row.label && i % 3 === 0 ? 0 : 1, large: 1 },
  })),
  { features: { bits: 14 } },
);

describe('learnedQuality', () => {
  it("predicts every head's P(answers well), keyed by head name, as predictHeads does", () => {
    const predictor = learnedQuality({ model });
    expect(predictor.name).toBe('learned-quality');
    expect(predictor.keys).toEqual(['small', 'medium', 'large']);
    const input = { prompt: 'prove the theorem about the integral' };
    const predicted = predictor.predict(input) as Record<string, number>;
    expect(predicted).toEqual(predictHeads(model, input));
    expect(predicted.small!).toBeLessThan(0.5);
    expect(predicted.large!).toBeGreaterThan(0.5);
    const easy = predictor.predict({ prompt: 'tell me about the weather and a recipe' }) as Record<string, number>;
    expect(easy.small!).toBeGreaterThan(predicted.small!);
  });

  it('heads: predicts only the named ones, with the same values', () => {
    const predictor = learnedQuality({ model, heads: ['large', 'small'], name: 'mine' });
    expect(predictor.name).toBe('mine');
    expect(predictor.keys).toEqual(['small', 'large']);
    const input = { prompt: 'what is 2 + 2', task: 'math' };
    const all = predictHeads(model, input);
    expect(predictor.predict(input)).toEqual({ small: all.small, large: all.large });
  });

  it('an unknown head or a model without heads → ConfigError with the path', () => {
    try {
      learnedQuality({ model, heads: ['small', 'huge'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues).toEqual([
        { path: 'learnedQuality.heads[1]', message: 'no head "huge" in the model (heads: small, medium, large)' },
      ]);
    }
    expect(() => learnedQuality({ model: { ...model, heads: [] } })).toThrow(
      'learnedQuality.model: must be a learned model with heads',
    );
  });
});

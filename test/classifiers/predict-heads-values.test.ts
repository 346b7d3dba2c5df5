import { describe, expect, it } from 'vitest';
import { predictHeads } from '../../src/classifiers/learned-model.js';
import { trainLearnedHeads } from '../../src/classifiers/train-learned.js';
import { syntheticRows } from './synthetic-data.js';

// 11 heads (the interleaved path) at the default 2^18 features; values captured before predictHeads read a compact
// matrix of the non-zero rows only, which must give the same numbers to the bit.
const names = Array.from({ length: 11 }, (_, h) => `m${h}`);
const model = trainLearnedHeads(
  syntheticRows(200, 3).map((row, i) => ({
    prompt: row.prompt,
    task: i % 2 ? 'maths' : 'trivia',
    labels: Object.fromEntries(names.map((n, h) => [n, (row.label ? 1 : 0) ^ ((i + h) % 3 === 0 ? 1 : 0)])),
  })),
  { seed: 2 },
);

const cycle = (values: number[]) => names.map((_, h) => values[h % 3]!);

describe('predictHeads over 11 heads', () => {
  it('gives the values captured before the compact matrix, to the bit', () => {
    const cases: [{ prompt: string; task?: string }, number[]][] = [
      [
        { prompt: 'prove the theorem about the integral of 3x', task: 'maths' },
        cycle([0.705819286022004, 0.5764816908778023, 0.6528100628967666]),
      ],
      [
        { prompt: 'Which city is the capital of France? Options: A, B, C or D.', task: 'trivia' },
        cycle([0.44419297112088685, 0.43419933628020835, 0.4640953219237055]),
      ],
      [
        { prompt: 'tell me about the weather and a recipe' },
        cycle([0.4868614546372095, 0.3751122229749309, 0.4738172269303048]),
      ],
    ];
    for (const [input, expected] of cases) {
      const got = predictHeads(model, input);
      expect(names.map((n) => got[n])).toEqual(expected);
    }
  });
});

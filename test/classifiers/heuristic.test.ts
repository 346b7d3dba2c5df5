import { describe, expect, it } from 'vitest';
import { DEFAULT_HEURISTIC_BIAS, heuristic } from '../../src/classifiers/heuristic.js';

const score = (classifier: ReturnType<typeof heuristic>, prompt: string) => classifier.classify({ prompt }).score;

describe('heuristic()', () => {
  it('scores an empty prompt at σ(bias)', () => {
    expect(score(heuristic(), '')).toBeCloseTo(1 / (1 + Math.exp(-DEFAULT_HEURISTIC_BIAS)), 10);
  });

  it('ranks a multi-step coding and math task above a greeting', () => {
    const h = heuristic();
    const easy = score(h, 'hi there');
    const hard = score(
      h,
      'Write a function that computes the integral of x^2 from 0 to 3, then explain why your algorithm is ' +
        'correct step by step. It must run in O(n) and return exactly 9.\n```python\ndef f(x):\n    return x ** 2\n```',
    );
    expect(easy).toBeLessThan(0.1);
    expect(hard).toBeGreaterThan(0.7);
  });

  it('applies weight and bias overrides', () => {
    const prompt = 'Explain why';
    expect(score(heuristic({ weights: { reasoningRequest: 0, length: 0 } }), prompt)).toBeCloseTo(
      1 / (1 + Math.exp(2.5)),
      10,
    );
    expect(score(heuristic({ bias: 0, weights: { length: 0, reasoningRequest: 1 } }), prompt)).toBeCloseTo(
      1 / (1 + Math.exp(-0.6)),
      10,
    );
    expect(heuristic().name).toBe('heuristic');
  });
});

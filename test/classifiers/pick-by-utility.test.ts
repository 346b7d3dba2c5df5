import { describe, expect, it } from 'vitest';
import { pickByUtility } from '../../src/classifiers/pick-by-utility.js';

const quality = { small: 0.6, medium: 0.8, large: 0.9 };
const cost = { small: 0.05, medium: 0.3, large: 1 };

describe('pickByUtility', () => {
  it('λ = 0 picks the best predicted quality', () => {
    expect(pickByUtility(quality, cost, 0)).toEqual({ model: 'large', utility: 0.9 });
  });

  it('a growing λ moves to cheaper models at the break-even points', () => {
    // large vs medium break even at λ = 0.1 / 0.7 ≈ 0.143; medium vs small at λ = 0.2 / 0.25 = 0.8.
    expect(pickByUtility(quality, cost, 0.1).model).toBe('large');
    expect(pickByUtility(quality, cost, 0.2).model).toBe('medium');
    expect(pickByUtility(quality, cost, 0.79).model).toBe('medium');
    expect(pickByUtility(quality, cost, 0.81).model).toBe('small');
    expect(pickByUtility(quality, cost, 100).model).toBe('small');
    expect(pickByUtility(quality, cost, 0.5).utility).toBeCloseTo(0.8 - 0.15, 12);
  });

  it('breaks ties toward the cheaper model', () => {
    expect(pickByUtility({ a: 0.5, b: 0.5 }, { a: 2, b: 1 }, 0).model).toBe('b');
  });

  it('rejects a negative λ and a missing cost', () => {
    expect(() => pickByUtility(quality, cost, -1)).toThrow('lambda must be a number >= 0');
    expect(() => pickByUtility(quality, { small: 1 }, 0)).toThrow('no cost for model "large"');
  });
});

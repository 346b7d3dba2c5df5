import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { ClassifierInput, DifficultyClassifier, SyncDifficultyClassifier } from '../../src/index.js';
import { withTaskPrior } from '../../src/index.js';

/** Scores a query as the number in its prompt. */
const literal: SyncDifficultyClassifier = {
  name: 'literal',
  classify: (input: ClassifierInput) => ({ score: Number(input.prompt) }),
};

describe('withTaskPrior', () => {
  it('blends each score with the running mean of its task, this query included', () => {
    const c = withTaskPrior(literal, { weight: 0.5 });
    expect(c.name).toBe('literal+task-prior');
    expect(c.classify({ prompt: '0.8', task: 'law' }).score).toBeCloseTo(0.8); // mean 0.8
    expect(c.classify({ prompt: '0.2', task: 'law' }).score).toBeCloseTo(0.35); // mean 0.5
    expect(c.classify({ prompt: '0.2', task: 'math' }).score).toBeCloseTo(0.2); // a new task starts from itself
    expect(c.classify({ prompt: '0.5', task: 'law' }).score).toBeCloseTo(0.5); // mean 0.5
    expect(c.taskPriors().get('law')).toEqual({ mean: 0.5, count: 3 });
  });

  it('leaves queries without a task, and weight 0, untouched', () => {
    const c = withTaskPrior(literal);
    expect(c.classify({ prompt: '0.9' }).score).toBe(0.9);
    expect(c.taskPriors().size).toBe(0);
    const off = withTaskPrior(literal, { weight: 0 });
    off.classify({ prompt: '0.1', task: 't' });
    expect(off.classify({ prompt: '0.9', task: 't' }).score).toBe(0.9);
  });

  it('uses the default weight 0.6', () => {
    const c = withTaskPrior(literal);
    c.classify({ prompt: '1', task: 't' });
    // mean 0.5 → 0.4 × 0 + 0.6 × 0.5
    expect(c.classify({ prompt: '0', task: 't' }).score).toBeCloseTo(0.3);
  });

  it('forgets the least recently seen task past maxTasks, and everything on reset', () => {
    const c = withTaskPrior(literal, { maxTasks: 2 });
    c.classify({ prompt: '0.1', task: 'a' });
    c.classify({ prompt: '0.2', task: 'b' });
    c.classify({ prompt: '0.3', task: 'a' }); // a is now the most recent
    c.classify({ prompt: '0.4', task: 'c' }); // b goes
    expect([...c.taskPriors().keys()]).toEqual(['a', 'c']);
    c.reset();
    expect(c.taskPriors().size).toBe(0);
  });

  it('wraps an asynchronous classifier and keeps its other fields', async () => {
    const slow: DifficultyClassifier = {
      name: 'slow',
      classify: async (input) => ({ score: Number(input.prompt), costUsd: 0.001 }) as never,
    };
    const c = withTaskPrior(slow, { weight: 1 });
    await c.classify({ prompt: '1', task: 't' });
    await expect(c.classify({ prompt: '0', task: 't' })).resolves.toEqual({ score: 0.5, costUsd: 0.001 });
  });

  it('starts from saved means, so a restarted process keeps what it learned', () => {
    const first = withTaskPrior(literal, { weight: 0.5 });
    first.classify({ prompt: '0.8', task: 'law' });
    first.classify({ prompt: '0.4', task: 'law' });
    const saved = JSON.parse(JSON.stringify(Object.fromEntries(first.taskPriors())));
    const second = withTaskPrior(literal, { weight: 0.5, initial: saved });
    // mean (0.8 + 0.4 + 0.3) / 3 = 0.5 → 0.5 × 0.3 + 0.5 × 0.5
    expect(second.classify({ prompt: '0.3', task: 'law' }).score).toBeCloseTo(0.4);
    expect(second.taskPriors().get('law')).toEqual({ mean: 0.5, count: 3 });
  });

  it('refuses bad options with their paths', () => {
    expect(() => withTaskPrior(literal, { weight: 1.5 })).toThrow(ConfigError);
    expect(() => withTaskPrior(literal, { weight: 1.5 })).toThrow(
      /withTaskPrior\.weight: must be a number in \[0, 1\]/,
    );
    expect(() => withTaskPrior(literal, { maxTasks: 0 })).toThrow(/withTaskPrior\.maxTasks/);
    expect(() => withTaskPrior(literal, { initial: { law: { mean: 2, count: 0 } } })).toThrow(
      /withTaskPrior\.initial\["law"\]\.mean: must be a number in \[0, 1\].*withTaskPrior\.initial\["law"\]\.count/s,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { learnedFactory, learnedOptionsFactory } from '../../src/eval/policies/classifier-factories.js';
import type { TrainingExample } from '../../src/eval/policies/policy.js';

/** Multiple-choice rows of two subjects: compound options ("x, y") need the strong model, single words do not. */
function rows(n: number, offset: number): TrainingExample[] {
  return Array.from({ length: n }, (_, i) => {
    const hard = i % 2 === 1;
    const w = (k: number) => `w${(i * 7 + k * 13 + offset) % 97}`;
    const options = hard
      ? [`${w(1)}, ${w(2)}`, `${w(2)}, ${w(1)}`, `${w(1)}, ${w(1)}`, `${w(2)}, ${w(2)}`]
      : [w(1), w(2), w(3), w(4)];
    const prompt = `Question ${w(5)} ${w(6)}?\n${options.map((o, k) => `${'ABCD'[k]}. ${o}`).join('\n')}\nAnswer:`;
    return {
      prompt,
      task: i % 4 < 2 ? 'subject-a' : 'subject-b',
      label: hard ? 1 : 0.5,
      weak: hard ? 0 : 1,
      strong: 1,
    };
  });
}

describe('learnedOptionsFactory', () => {
  it('is named learned-options, reads the options and, like the shipped form, not the task label', async () => {
    const factory = learnedOptionsFactory({ features: { bits: 14 } });
    expect(factory.name).toBe('learned-options');
    expect(learnedFactory().name).toBe('learned');
    const classifier = await factory.create(rows(200, 0), 1);
    const prompt = rows(2, 500)[1]!.prompt;
    const a = await classifier.classify({ prompt, task: 'subject-a' });
    const b = await classifier.classify({ prompt, task: 'never-seen' });
    expect(a.score).toBe(b.score);
    // A compound-option question scores above a single-word one the model never saw either.
    const easy = await classifier.classify({ prompt: rows(2, 500)[0]!.prompt });
    expect(a.score).toBeGreaterThan(easy.score);
  });
});

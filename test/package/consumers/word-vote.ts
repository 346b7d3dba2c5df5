// A TypeScript classifier module for `routewise eval --classifier-module ./word-vote.ts`, run from the installed CLI:
// per first word of the prompt, the mean strong-needed label of the fold's training rows (unseen words: 0.5).
import type { DifficultyClassifier, TrainingExample } from 'routewise';

const firstWord = (prompt: string): string => prompt.split(/\s+/)[0] ?? '';

export default function trainWordVote(train: TrainingExample[]): DifficultyClassifier {
  const sums = new Map<string, { n: number; sum: number }>();
  for (const example of train) {
    const s = sums.get(firstWord(example.prompt)) ?? { n: 0, sum: 0 };
    s.n++;
    s.sum += example.label;
    sums.set(firstWord(example.prompt), s);
  }
  return {
    name: 'word-vote',
    classify({ prompt }) {
      const s = sums.get(firstWord(prompt));
      return { score: s ? s.sum / s.n : 0.5 };
    },
  };
}

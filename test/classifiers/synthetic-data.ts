// A small synthetic routing dataset: "hard" prompts mention proof/optimization topics, "easy" ones chit-chat topics,
// both padded with the same random filler words so only the topic words separate the classes.
import { seededRandom } from '../../src/classifiers/train-learned.js';

const HARD = ['prove', 'theorem', 'integral', 'recursion', 'asymptotic', 'eigenvalue', 'concurrency', 'lemma'];
const EASY = ['weather', 'hello', 'recipe', 'holiday', 'movie', 'song', 'birthday', 'garden'];
const FILLER = ['the', 'a', 'about', 'please', 'tell', 'me', 'my', 'friend', 'today', 'and', 'some', 'with', 'for'];

export interface SyntheticRow {
  prompt: string;
  label: number;
}

/** `n` rows, half hard (label 1) and half easy (label 0), deterministic for a seed. */
export function syntheticRows(n: number, seed: number): SyntheticRow[] {
  const random = seededRandom(seed);
  const pick = (words: readonly string[]) => words[Math.floor(random() * words.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const label = i % 2;
    const words: string[] = [];
    for (let k = 0; k < 8; k++) words.push(pick(FILLER));
    for (let k = 0; k < 2; k++) words.splice(Math.floor(random() * words.length), 0, pick(label ? HARD : EASY));
    return { prompt: words.join(' '), label };
  });
}

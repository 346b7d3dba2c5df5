// One PRNG for the whole package: the learned classifier's training uses the same one.
export { seededRandom } from '../core/seeded-random.js';

/** Shuffles a copy of `items` with a seeded Fisher–Yates shuffle. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

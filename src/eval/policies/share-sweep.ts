import { seededRandom } from '../seeded-random.js';
import type { Route } from './policy.js';

/**
 * Routes by score at a target strong share: the `round(share × n)` highest-scored rows take `high(row)`, the rest
 * `low(row)`. Equal scores are ordered by a seeded random permutation (a threshold cutting through a tie sends a
 * random part of it, the expected behaviour of a threshold on tied scores).
 */
export function shareSweep(
  scores: readonly number[],
  seed: number,
  low: (row: number) => Route,
  high: (row: number) => Route,
): (share: number) => Route[] {
  const random = seededRandom(seed);
  const jitter = scores.map(() => random());
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || jitter[a]! - jitter[b]!);
  const rank = new Array<number>(scores.length);
  order.forEach((row, k) => {
    rank[row] = k;
  });
  return (share) => {
    const cut = Math.round(share * scores.length);
    return scores.map((_, row) => (rank[row]! < cut ? high(row) : low(row)));
  };
}

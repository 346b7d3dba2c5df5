import { seededRandom } from '../seeded-random.js';
import type { FittedPolicy, Route } from './policy.js';

/** Rows ranked by a score for a share sweep: the top `share` of rows take `high(row)`, the rest `low(row)`. */
export interface RankedRoutes {
  /** Score of each row, in order; higher goes to `high` first. */
  readonly scores: readonly number[];
  /** The route of a row below the cut. */
  low(row: number): Route;
  /** The route of a row above the cut. */
  high(row: number): Route;
}

/**
 * Rank of every score, highest first. Equal scores are ordered by a seeded random permutation (a threshold cutting
 * through a tie sends a random part of it, the expected behaviour of a threshold on tied scores).
 */
function ranks(scores: readonly number[], seed: number): number[] {
  const random = seededRandom(seed);
  const jitter = scores.map(() => random());
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || jitter[a]! - jitter[b]!);
  const rank = new Array<number>(scores.length);
  order.forEach((row, k) => {
    rank[row] = k;
  });
  return rank;
}

/** Routes by score at a target strong share: the `round(share × n)` highest-scored rows take `high(row)`. */
export function shareSweep(
  scores: readonly number[],
  seed: number,
  low: (row: number) => Route,
  high: (row: number) => Route,
): (share: number) => Route[] {
  const rank = ranks(scores, seed);
  return (share) => {
    const cut = Math.round(share * scores.length);
    return scores.map((_, row) => (rank[row]! < cut ? high(row) : low(row)));
  };
}

/**
 * One share sweep over the rows of several splits together: at each share, one score threshold across all of them
 * (what a deployed router calibrated to that share does), rather than the same share within every split. With folds
 * grouped by task, splits differ in how hard they are, and a per-split share would force the same number of strong
 * calls on an easy fold as on a hard one. Returns, per share, the routes of each part's rows.
 */
export function pooledShareSweep(parts: readonly RankedRoutes[], seed: number): (share: number) => Route[][] {
  const scores = parts.flatMap((part) => part.scores);
  const rank = ranks(scores, seed);
  const offsets: number[] = [];
  let offset = 0;
  for (const part of parts) {
    offsets.push(offset);
    offset += part.scores.length;
  }
  return (share) => {
    const cut = Math.round(share * scores.length);
    return parts.map((part, p) =>
      part.scores.map((_, row) => (rank[offsets[p]! + row]! < cut ? part.high(row) : part.low(row))),
    );
  };
}

/**
 * A fitted share-swept policy from ranked routes: the ranking for pooling across splits, and per-split routes, ranked
 * only if asked for (with folds the runner pools instead, so ranking each split too would be wasted work).
 */
export function rankedPolicy(ranked: RankedRoutes, seed: number, overheadUsd?: readonly number[]): FittedPolicy {
  let perSplit: ((share: number) => Route[]) | undefined;
  return {
    ...(overheadUsd ? { overheadUsd } : {}),
    ranked,
    routes: (share) => {
      perSplit ??= shareSweep(ranked.scores, seed, ranked.low, ranked.high);
      return perSplit(share);
    },
  };
}

import { apgr as curveApgr } from './apgr.js';
import { cpt as curveCpt } from './cpt.js';
// Held-out quality of a two-tier router's scores: ROC AUC, the quality-vs-strong-share curve, APGR and CPT,
// following RouteLLM's definitions. Used by the training script and by `calibrate`.

/** Area under the ROC curve of scores against binary labels (label ≥ 0.5 is positive); ties count half. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]! >= 0.5) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** One point of a routing curve: send the `strongShare` highest-scored queries to the strong model. */
export interface RoutingPoint {
  /** Score threshold: queries scoring at least this go to the strong model. */
  threshold: number;
  /** Share of queries sent to the strong model. */
  strongShare: number;
  /** Mean quality of the routed answers. */
  quality: number;
}

/**
 * The quality-vs-strong-share curve of scores over recorded per-query outcomes (quality in [0, 1] per model):
 * one point per distinct threshold, from everything weak (share 0) to everything strong (share 1).
 */
export function routingCurve(
  scores: readonly number[],
  weak: readonly number[],
  strong: readonly number[],
): RoutingPoint[] {
  const n = scores.length;
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let total = 0;
  for (const q of weak) total += q;
  const points: RoutingPoint[] = [{ threshold: Number.POSITIVE_INFINITY, strongShare: 0, quality: total / n }];
  let i = 0;
  while (i < n) {
    const threshold = scores[order[i]!]!;
    while (i < n && scores[order[i]!] === threshold) {
      total += strong[order[i]!]! - weak[order[i]!]!;
      i++;
    }
    points.push({ threshold, strongShare: i / n, quality: total / n });
  }
  return points;
}

/** Mean of an array. */
function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The routing curve as the evaluator's metrics take it: x = strong share, y = quality. */
function asCurve(scores: readonly number[], weak: readonly number[], strong: readonly number[]) {
  return routingCurve(scores, weak, strong).map((p) => ({ x: p.strongShare, y: p.quality }));
}

/**
 * APGR, the average performance gap recovered, of scores over recorded outcomes: the evaluator's `apgr`
 * (src/eval/metrics/apgr.ts) over this routing curve. 0.5 is random routing; 1 recovers the whole gap at once.
 */
export function apgr(scores: readonly number[], weak: readonly number[], strong: readonly number[]): number {
  return curveApgr(asCurve(scores, weak, strong), 0, 1, mean(weak), mean(strong));
}

/**
 * CPT(p) of scores over recorded outcomes: the smallest share of strong calls whose quality reaches
 * weak + p × (strong − weak) (`cpt(…, 0.5)` is CPT(50%)); the evaluator's `cpt` over this routing curve, 1 when never
 * reached before sending everything.
 */
export function cpt(
  scores: readonly number[],
  weak: readonly number[],
  strong: readonly number[],
  fraction: number,
): number {
  return curveCpt(asCurve(scores, weak, strong), fraction, mean(weak), mean(strong)) ?? 1;
}

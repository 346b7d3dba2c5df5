// One experiment arm's statistics, kept in the store as plain counters (counts, sums, sums of squares, a latency
// histogram) so that every instance adds to the same figures with one atomic increment per request, and a report
// made anywhere (or after a restart, on Redis or PostgreSQL) reads the same numbers.
import { type Increment, momentIncrements, momentKeys } from './stats-keys.js';
import { LATENCY_BUCKETS, latencyBucket } from './statistics/latency-histogram.js';
import { momentsFromSums, type StoredMoments } from './statistics/moment-sums.js';

/** What one request of an arm contributes to its statistics. */
export interface RequestObservation {
  /** What the request cost in USD, failed requests included (the attempts their error reports). */
  costUsd: number;
  /** Wall time from routing to the answer, in ms; absent for a failed request. */
  latencyMs?: number;
  /** Whether the request failed (no answer). */
  error: boolean;
  /** Whether the cascade escalated past its first step; absent when the route does not say (no answer). */
  escalated?: boolean;
  /** Whether the answer passed its step's acceptance checks; absent when the route does not say. */
  accepted?: boolean;
}

/** A count of successes out of trials. */
export interface Proportion {
  successes: number;
  n: number;
}

/** An arm's statistics as read from the store. */
export interface ArmStats {
  /** Requests routed by this arm, failed ones included. */
  requests: number;
  /** Requests that failed. */
  errors: number;
  /** Cost per request, USD (every request). */
  cost: StoredMoments;
  /** Latency per answered request, ms. */
  latency: StoredMoments;
  /** Answered requests per latency bucket (`statistics/latency-histogram.ts`). */
  latencyCounts: number[];
  /** Requests that escalated, out of answered requests whose route says. */
  escalation: Proportion;
  /** Answers accepted by their checks, out of answered requests whose route says. */
  acceptance: Proportion;
  /** Feedback scores in [0, 1], one per request (a later score for the same request replaces the earlier). */
  feedback: StoredMoments;
  /** Feedback scores that were exactly 1. */
  feedbackOnes: number;
  /** Feedback scores strictly between 0 and 1 (any one makes the score non-binary). */
  feedbackFractional: number;
}

/** Reads and writes one arm's counters under its key prefix. */
export class StoredArmStats {
  /** Every key of the arm, in the order `parse` reads them. */
  readonly keys: readonly string[];

  constructor(private readonly base: string) {
    this.keys = [
      `${base}requests`,
      `${base}errors`,
      ...momentKeys(`${base}cost`),
      ...momentKeys(`${base}latency`),
      `${base}escalation.n`,
      `${base}escalation.s`,
      `${base}acceptance.n`,
      `${base}acceptance.s`,
      ...momentKeys(`${base}feedback`),
      `${base}feedback.ones`,
      `${base}feedback.fractional`,
      ...Array.from({ length: LATENCY_BUCKETS }, (_, i) => `${base}latency.h${i}`),
    ];
  }

  /** The increments one request adds (written together, in one atomic step). */
  request(observation: RequestObservation): Increment[] {
    const b = this.base;
    const out: Increment[] = [{ key: `${b}requests`, by: 1 }, ...momentIncrements(`${b}cost`, observation.costUsd)];
    if (observation.error) out.push({ key: `${b}errors`, by: 1 });
    if (observation.latencyMs !== undefined) {
      out.push(...momentIncrements(`${b}latency`, observation.latencyMs));
      out.push({ key: `${b}latency.h${latencyBucket(observation.latencyMs)}`, by: 1 });
    }
    if (observation.escalated !== undefined) out.push(...proportion(`${b}escalation`, observation.escalated));
    if (observation.accepted !== undefined) out.push(...proportion(`${b}acceptance`, observation.accepted));
    return out;
  }

  /** The increments of a feedback score, replacing `previous` (the same request's earlier score) when there was one. */
  feedback(score: number, previous?: number): Increment[] {
    const b = this.base;
    const out: Increment[] = [];
    if (previous === undefined) out.push({ key: `${b}feedback.n`, by: 1 });
    out.push({ key: `${b}feedback.sum`, by: score - (previous ?? 0) });
    out.push({ key: `${b}feedback.sq`, by: score * score - (previous ?? 0) ** 2 });
    const kinds = (s: number) => ({ ones: s === 1 ? 1 : 0, fractional: s !== 0 && s !== 1 ? 1 : 0 });
    const now = kinds(score);
    const before = previous === undefined ? { ones: 0, fractional: 0 } : kinds(previous);
    if (now.ones !== before.ones) out.push({ key: `${b}feedback.ones`, by: now.ones - before.ones });
    if (now.fractional !== before.fractional) {
      out.push({ key: `${b}feedback.fractional`, by: now.fractional - before.fractional });
    }
    return out;
  }

  /** The arm's statistics from the values of `keys`, in order. */
  parse(values: readonly number[]): ArmStats {
    const v = (i: number) => values[i] ?? 0;
    const sums = (i: number) => momentsFromSums({ n: v(i), sum: v(i + 1), sumSquares: v(i + 2) });
    return {
      requests: v(0),
      errors: v(1),
      cost: sums(2),
      latency: sums(5),
      escalation: { n: v(8), successes: v(9) },
      acceptance: { n: v(10), successes: v(11) },
      feedback: sums(12),
      feedbackOnes: v(15),
      feedbackFractional: v(16),
      latencyCounts: values.slice(17, 17 + LATENCY_BUCKETS).map((c) => c ?? 0),
    };
  }
}

function proportion(base: string, success: boolean): Increment[] {
  return success
    ? [
        { key: `${base}.n`, by: 1 },
        { key: `${base}.s`, by: 1 },
      ]
    : [{ key: `${base}.n`, by: 1 }];
}

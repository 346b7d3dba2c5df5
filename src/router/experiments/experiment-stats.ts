import { RunningMoments } from './statistics/running-moments.js';

/** How many recent latencies each arm keeps for its percentiles (means use every request). */
export const LATENCY_SAMPLES = 10_000;

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

/**
 * Running statistics of one experiment arm, in memory: request and error counts, cost and latency moments,
 * recent latencies for percentiles, escalation and acceptance counts, and outcome feedback scores.
 */
export class ArmStats {
  /** Requests routed by this arm, failed ones included. */
  requests = 0;
  /** Requests that failed. */
  errors = 0;
  /** Cost per request, USD (every request). */
  readonly cost = new RunningMoments();
  /** Latency per answered request, ms. */
  readonly latency = new RunningMoments();
  /** Requests that escalated, out of answered requests whose route says. */
  readonly escalation: Proportion = { successes: 0, n: 0 };
  /** Answers accepted by their checks, out of answered requests whose route says. */
  readonly acceptance: Proportion = { successes: 0, n: 0 };
  /** Feedback scores in [0, 1], one per request (a later score for the same request replaces the earlier). */
  readonly feedback = new RunningMoments();
  /** Feedback scores that were exactly 1. */
  feedbackOnes = 0;
  /** Feedback scores strictly between 0 and 1 (any one makes the score non-binary). */
  feedbackFractional = 0;
  private readonly latencies: number[] = [];
  private nextLatency = 0;

  /** Adds one request. */
  record(observation: RequestObservation): void {
    this.requests += 1;
    if (observation.error) this.errors += 1;
    this.cost.add(observation.costUsd);
    if (observation.latencyMs !== undefined) {
      this.latency.add(observation.latencyMs);
      if (this.latencies.length < LATENCY_SAMPLES) this.latencies.push(observation.latencyMs);
      else {
        this.latencies[this.nextLatency] = observation.latencyMs;
        this.nextLatency = (this.nextLatency + 1) % LATENCY_SAMPLES;
      }
    }
    if (observation.escalated !== undefined) count(this.escalation, observation.escalated);
    if (observation.accepted !== undefined) count(this.acceptance, observation.accepted);
  }

  /** Adds a feedback score, replacing `previous` (the same request's earlier score) when there was one. */
  addFeedback(score: number, previous?: number): void {
    if (previous !== undefined) {
      this.feedback.remove(previous);
      this.countScore(previous, -1);
    }
    this.feedback.add(score);
    this.countScore(score, 1);
  }

  /** The recent latencies, sorted (for percentiles). */
  sortedLatencies(): number[] {
    return [...this.latencies].sort((a, b) => a - b);
  }

  private countScore(score: number, by: 1 | -1): void {
    if (score === 1) this.feedbackOnes += by;
    else if (score !== 0) this.feedbackFractional += by;
  }
}

function count(proportion: Proportion, success: boolean): void {
  proportion.n += 1;
  if (success) proportion.successes += 1;
}

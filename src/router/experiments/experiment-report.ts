import type { ArmStats } from './experiment-stats.js';
import type { ShadowStats } from './shadow-stats.js';
import { proportionDifference, welchDifference } from './statistics/difference-intervals.js';
import type { Estimate } from './statistics/estimate.js';
import { histogramPercentile } from './statistics/latency-histogram.js';
import { meanInterval } from './statistics/mean-interval.js';
import { wilsonInterval } from './statistics/wilson-interval.js';

/** The confidence level of every interval in a report. */
export const REPORT_CONFIDENCE = 0.95;

/** One arm's statistics, each rate and mean with its 95% confidence interval (null: no data yet). */
export interface ArmReport {
  /** The arm's name. */
  arm: string;
  /** The arm's configured weight, and its share of the total weight. */
  weight: number;
  share: number;
  /** The name of the arm's policy. */
  policy: string;
  /** Requests routed by the arm, failed ones included. */
  requests: number;
  /** Failed requests, and their rate (Wilson interval). */
  errors: number;
  errorRate: Estimate | null;
  /** Total cost (USD) and mean cost per request (t interval, clipped at 0), failed requests included. */
  cost: { totalUsd: number; meanUsd: Estimate | null };
  /**
   * Latency of answered requests: mean (t interval, clipped at 0), and p50 / p95 from a histogram of every answered
   * request (buckets 2^(1/8) wide, so within ±4.4%), kept in the store like every other figure.
   */
  latencyMs: { mean: Estimate | null; p50: number | null; p95: number | null };
  /** Share of answered requests that escalated past their first step (Wilson interval). */
  escalationRate: Estimate | null;
  /** Share of answered requests whose answer passed its checks (Wilson interval). */
  acceptanceRate: Estimate | null;
  /**
   * Outcome feedback: how many requests got a score, whether every score was 0 or 1 (`binary`: Wilson interval of
   * the share of 1s) or not (`continuous`: t interval of the mean score).
   */
  feedback: { count: number; kind: 'binary' | 'continuous' | null; mean: Estimate | null };
}

/** One arm against the baseline (the first arm): each difference is `arm − baseline` with its 95% interval. */
export interface ArmComparison {
  /** The arm compared. */
  arm: string;
  /** The baseline arm. */
  baseline: string;
  /** Difference of mean cost per request, USD (Welch). */
  meanCostUsd: Estimate | null;
  /** Difference of mean latency, ms (Welch). */
  meanLatencyMs: Estimate | null;
  /** Difference of error rates (Newcombe hybrid score). */
  errorRate: Estimate | null;
  /** Difference of escalation rates (Newcombe). */
  escalationRate: Estimate | null;
  /** Difference of acceptance rates (Newcombe). */
  acceptanceRate: Estimate | null;
  /** Difference of mean feedback scores (Newcombe when both arms' scores are binary, else Welch). */
  feedbackScore: Estimate | null;
}

/** What a shadow policy would have done on its sample of the experiment's traffic. */
export interface ShadowReport {
  /** The shadow's name and its policy's name. */
  name: string;
  policy: string;
  /** The configured sample share. */
  sample: number;
  /** Sampled requests the shadow decided on, and those where its decide() threw. */
  evaluated: number;
  errors: number;
  /** Share of evaluated requests where the shadow's first model differs from the live route's (Wilson). */
  differentModelRate: Estimate | null;
  /** Share where the shadow's tier differs from the live route's (Wilson). */
  differentTierRate: Estimate | null;
  /** How often the shadow chose each alias first. */
  chosen: Record<string, number>;
  /** Mean live cost of the evaluated requests, USD (t interval). */
  liveCostUsd: Estimate | null;
  /** Mean estimated shadow cost: the live answer's usage at the shadow's first model's prices, USD (t interval). */
  shadowCostUsd: Estimate | null;
  /** Mean of (shadow estimate − live cost) per request, USD: a paired t interval. */
  costDeltaUsd: Estimate | null;
  /** What the shadow's decisions themselves cost (an LLM classifier's calls), USD. */
  decideCostUsd: number;
}

/** `router.experimentReport(name)`: every arm's statistics, each arm against the first, and the shadows. */
export interface ExperimentReport {
  /** The experiment's name. */
  experiment: string;
  /** When the report was made (ISO 8601). */
  generatedAt: string;
  /** The confidence level of every interval (0.95). */
  confidence: number;
  /** Per arm, in configured order (the first is the baseline). */
  arms: ArmReport[];
  /** Each arm after the first against the first. */
  comparisons: ArmComparison[];
  /** Each shadow policy. */
  shadow: ShadowReport[];
}

/** The arm's configuration and statistics, as the report reads them. */
export interface ArmSource {
  name: string;
  weight: number;
  policy: string;
  stats: ArmStats;
}

/** The shadow's configuration and statistics, as the report reads them. */
export interface ShadowSource {
  name: string;
  policy: string;
  sample: number;
  stats: ShadowStats;
}

/** Builds an experiment's report from its arms' and shadows' statistics (as read from the store). */
export function buildExperimentReport(
  experiment: string,
  arms: readonly ArmSource[],
  shadows: readonly ShadowSource[],
  now: Date = new Date(),
): ExperimentReport {
  const totalWeight = arms.reduce((sum, arm) => sum + arm.weight, 0);
  const baseline = arms[0];
  return {
    experiment,
    generatedAt: now.toISOString(),
    confidence: REPORT_CONFIDENCE,
    arms: arms.map((arm) => armReport(arm, totalWeight)),
    comparisons: baseline ? arms.slice(1).map((arm) => compareArms(baseline, arm)) : [],
    shadow: shadows.map(shadowReport),
  };
}

/** One arm's report: counts, means and rates with their intervals. */
export function armReport(source: ArmSource, totalWeight: number): ArmReport {
  const { stats } = source;
  return {
    arm: source.name,
    weight: source.weight,
    share: totalWeight > 0 ? source.weight / totalWeight : 0,
    policy: source.policy,
    requests: stats.requests,
    errors: stats.errors,
    errorRate: orNull(wilsonInterval(stats.errors, stats.requests, REPORT_CONFIDENCE)),
    cost: { totalUsd: stats.cost.sum, meanUsd: nonNegative(meanInterval(stats.cost, REPORT_CONFIDENCE)) },
    latencyMs: {
      mean: nonNegative(meanInterval(stats.latency, REPORT_CONFIDENCE)),
      p50: histogramPercentile(stats.latencyCounts, 0.5) ?? null,
      p95: histogramPercentile(stats.latencyCounts, 0.95) ?? null,
    },
    escalationRate: orNull(wilsonInterval(stats.escalation.successes, stats.escalation.n, REPORT_CONFIDENCE)),
    acceptanceRate: orNull(wilsonInterval(stats.acceptance.successes, stats.acceptance.n, REPORT_CONFIDENCE)),
    feedback: feedbackReport(stats),
  };
}

/** An arm against the baseline: each difference `arm − baseline` with its interval. */
export function compareArms(baseline: ArmSource, arm: ArmSource): ArmComparison {
  const a = baseline.stats;
  const b = arm.stats;
  const bothBinary = isBinary(a) && isBinary(b);
  return {
    arm: arm.name,
    baseline: baseline.name,
    meanCostUsd: orNull(welchDifference(a.cost, b.cost, REPORT_CONFIDENCE)),
    meanLatencyMs: orNull(welchDifference(a.latency, b.latency, REPORT_CONFIDENCE)),
    errorRate: orNull(
      proportionDifference(
        { successes: a.errors, n: a.requests },
        { successes: b.errors, n: b.requests },
        REPORT_CONFIDENCE,
      ),
    ),
    escalationRate: orNull(proportionDifference(a.escalation, b.escalation, REPORT_CONFIDENCE)),
    acceptanceRate: orNull(proportionDifference(a.acceptance, b.acceptance, REPORT_CONFIDENCE)),
    feedbackScore: orNull(
      bothBinary
        ? proportionDifference(
            { successes: a.feedbackOnes, n: a.feedback.n },
            { successes: b.feedbackOnes, n: b.feedback.n },
            REPORT_CONFIDENCE,
          )
        : welchDifference(a.feedback, b.feedback, REPORT_CONFIDENCE),
    ),
  };
}

function shadowReport(source: ShadowSource): ShadowReport {
  const { stats } = source;
  return {
    name: source.name,
    policy: source.policy,
    sample: source.sample,
    evaluated: stats.differentModel.n,
    errors: stats.errors,
    differentModelRate: orNull(
      wilsonInterval(stats.differentModel.successes, stats.differentModel.n, REPORT_CONFIDENCE),
    ),
    differentTierRate: orNull(wilsonInterval(stats.differentTier.successes, stats.differentTier.n, REPORT_CONFIDENCE)),
    chosen: { ...stats.chosen },
    liveCostUsd: nonNegative(meanInterval(stats.liveCost, REPORT_CONFIDENCE)),
    shadowCostUsd: nonNegative(meanInterval(stats.shadowCost, REPORT_CONFIDENCE)),
    costDeltaUsd: orNull(meanInterval(stats.costDelta, REPORT_CONFIDENCE)),
    decideCostUsd: stats.decideCostUsd,
  };
}

function feedbackReport(stats: ArmStats): ArmReport['feedback'] {
  const count = stats.feedback.n;
  if (count === 0) return { count, kind: null, mean: null };
  if (isBinary(stats)) {
    return { count, kind: 'binary', mean: orNull(wilsonInterval(stats.feedbackOnes, count, REPORT_CONFIDENCE)) };
  }
  return { count, kind: 'continuous', mean: orNull(meanInterval(stats.feedback, REPORT_CONFIDENCE)) };
}

/** Whether every feedback score of the arm so far was 0 or 1. */
function isBinary(stats: ArmStats): boolean {
  return stats.feedbackFractional === 0;
}

function orNull(estimate: Estimate | undefined): Estimate | null {
  return estimate ?? null;
}

/** The t interval of a mean of non-negative values (costs, latencies), its lower bound clipped at 0. */
function nonNegative(estimate: Estimate | undefined): Estimate | null {
  if (!estimate || estimate.low === null || estimate.low >= 0) return estimate ?? null;
  return { ...estimate, low: 0 };
}

import type { Estimate } from '../router/experiments/statistics/estimate.js';

/** One line of a spend breakdown (by day, tenant, feature, alias or model). */
export interface SpendBreakdownLine {
  /** The group's value; null for rows without that tag (e.g. charge rows have no alias). */
  key: string | null;
  /** USD of the group's rows. */
  usd: number;
  /** Distinct requests with a row in the group. */
  requests: number;
  /** Share of the report's total USD, in [0, 1] (0 when the total is 0). */
  share: number;
}

/** One arm of an experiment, as the ledger saw it. */
export interface SpendReportArm {
  /** The arm's name. */
  arm: string;
  /** Requests it routed. */
  requests: number;
  /** Their USD. */
  usd: number;
  /** Mean cost per request with its 95% t interval. */
  costPerRequest: Estimate | null;
  /** Share of its requests a cascade escalated. */
  escalationRate: number;
  /** Feedback on its requests: how many, and the mean score with its 95% interval (Wilson when every score is 0 or 1). */
  feedback: { count: number; kind: 'binary' | 'continuous' | null; mean: Estimate | null };
}

/** Everything `routewise report` shows, computed from ledger rows. */
export interface SpendReport {
  /** The filters the rows were read with (ISO times). */
  filters: { since: string | null; until: string | null; tenant: string | null };
  /** The first and last row's time, null for an empty ledger. */
  period: { first: string | null; last: string | null };
  /** Spend totals. `costPerRequestUsd` is null without requests. */
  totals: {
    usd: number;
    requests: number;
    attempts: number;
    errors: number;
    costPerRequestUsd: number | null;
    /** USD by purpose: answers, acceptance checks (judges), classifiers, the response cache's lookups. */
    byPurpose: { answer: number; check: number; classifier: number; cache: number };
  };
  /** Spend by UTC day (oldest first), then by tag (dearest first). */
  byDay: SpendBreakdownLine[];
  byTenant: SpendBreakdownLine[];
  byFeature: SpendBreakdownLine[];
  byAlias: SpendBreakdownLine[];
  byModel: SpendBreakdownLine[];
  /** Cost per resolved task, from `feedback` rows (a request's latest score ≥ `resolvedAt` counts as resolved). */
  outcomes: {
    requestsWithFeedback: number;
    resolved: number;
    resolvedAt: number;
    /** USD of the requests with feedback, over how many were resolved; null without a resolved one. */
    costPerResolvedTaskUsd: number | null;
    /** Mean score over requests with feedback. */
    meanScore: number | null;
  };
  /** Routing: requests a cascade escalated (an answer at step > 0) and requests that fell back to another alias. */
  routing: { escalated: number; escalationRate: number | null; fellBack: number; fallbackRate: number | null };
  /** Response cache, from the rows' `cache` outcome and `savedUsd` (when the ledger records them). */
  cache: { recorded: boolean; hits: number; misses: number; hitRate: number | null; savedUsd: number };
  /** Retries: attempts numbered above 1, what they cost, and that as a share of all spend. */
  retries: { attempts: number; usd: number; shareOfSpend: number | null; failedAttemptsUsd: number };
  /** Each experiment's arms side by side. */
  experiments: Array<{ experiment: string; arms: SpendReportArm[] }>;
  /** The alerts the ledger recorded, oldest first. */
  alerts: Array<{ at: string; type: string; scope: string; message: string }>;
}

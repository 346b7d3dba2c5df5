import type { Usage } from '../core/usage.js';

/**
 * What a ledger record was for: a step's answer, an acceptance check (a judge), the classifier, or the response
 * cache's lookup (a paid embedding, the cache judge).
 */
export type LedgerPurpose = 'answer' | 'check' | 'classifier' | 'cache';

/** How the response cache met a request: served it (`exact`, `semantic`) or looked it up and missed (`miss`). */
export type LedgerCacheOutcome = 'exact' | 'semantic' | 'miss';

/**
 * One row of the spend ledger. An `attempt` row is one HTTP attempt at a provider (failed ones too); a `charge`
 * row is a cost no attempt carries (a classifier or check that reported only a USD figure, a paid embedding); a
 * `hit` row is a request the response cache served (cost 0, `savedUsd` what the replaced call cost). The rows of a
 * request sum to its result's `cost.usd`. Two kinds cost nothing and count in no spend figure: `feedback` (a score posted with
 * `router.feedback`, same `requestId`) and `alert` (an alert the router emitted), kept for the spend report. Never holds a key; prompt and response text only when the ledger opts in.
 */
export interface LedgerRecord {
  /** When the attempt started (ISO 8601, UTC). */
  at: string;
  /** The router request id (yours or the generated one), shared by every row of one request. */
  requestId: string;
  /** `attempt` (one provider call), `charge` (a cost without a call record), `hit` (served by the response cache), `feedback` or `alert` (no cost). */
  kind: LedgerRecordKind;
  /** Tenant tag of the request. */
  tenant?: string;
  /** User tag of the request. */
  user?: string;
  /** Feature tag of the request. */
  feature?: string;
  /** Experiment that routed the request. */
  experiment?: string;
  /** Its arm. */
  arm?: string;
  /** Model alias (attempt rows; on a hit row, the alias that answered the cached request). */
  alias?: string;
  /** Provider name as configured (attempt rows; hit rows as for `alias`). */
  provider?: string;
  /** Provider model id (attempt rows; hit rows as for `alias`). */
  model?: string;
  /** 1-based attempt number within its alias: above 1 is a retry (attempt rows). */
  attempt?: number;
  /** What the row paid for. */
  purpose: LedgerPurpose;
  /** 0-based cascade step, when the row belongs to one. */
  step?: number;
  /** `ok` when the provider answered, `error` otherwise. */
  status: 'ok' | 'error';
  /** HTTP status of a failed attempt, when there was one. */
  httpStatus?: number;
  /** The error's class name for a failed attempt (never its message, which may quote a prompt). */
  error?: string;
  /** Normalized usage, when known. */
  usage?: Usage;
  /** True when the provider reported no usage and it was estimated from the text. */
  usageEstimated?: boolean;
  /** Cost of the row, USD. */
  costUsd: number;
  /** Wall time of the attempt, ms. */
  latencyMs?: number;
  /**
   * Response-cache outcome of the request, on every row of it: `exact` or `semantic` (served from the cache), `miss`
   * (looked up, answered fresh). Absent when the request was not looked up (no response cache, or not cacheable).
   */
  cache?: LedgerCacheOutcome;
  /** On a `hit` row: what the call the cache replaced cost, USD (not part of `costUsd`). */
  savedUsd?: number;
  /** The provider's request id, when it sent one. */
  providerRequestId?: string;
  /** What a charge row was for, e.g. `classifier:llm`. */
  source?: string;
  /** The request's messages as JSON: only when the ledger opts in with `includeText`. */
  prompt?: string;
  /** The answer's text on the answering attempt: only when the ledger opts in with `includeText`. */
  response?: string;
  /** A `feedback` row's score in [0, 1]. */
  score?: number;
  /** An `alert` row's alert: its type, scope, message and figures. */
  alert?: LedgerAlertEntry;
}

/** What a ledger row records: a provider attempt, a bare charge, an outcome feedback or an alert. */
export type LedgerRecordKind = 'attempt' | 'charge' | 'hit' | 'feedback' | 'alert';

/** An alert as a ledger row keeps it (`at` is the row's). */
export interface LedgerAlertEntry {
  /** The alert's type, e.g. `spend-spike`. */
  type: string;
  /** Its scope, e.g. `tenant acme, daily`. */
  scope: string;
  /** Its sentence. */
  message: string;
  /** The numbers behind it. */
  figures: Record<string, number>;
}

/** Whether a row counts in spend figures (attempt, charge and cache-hit rows); feedback and alert rows do not. */
export function isSpendRow(record: LedgerRecord): boolean {
  return record.kind !== 'feedback' && record.kind !== 'alert';
}

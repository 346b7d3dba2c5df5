import type { Usage } from '../providers/spec/usage.js';

/** What a ledger record was for: a step's answer, an acceptance check (a judge), or the classifier. */
export type LedgerPurpose = 'answer' | 'check' | 'classifier';

/**
 * One row of the spend ledger. An `attempt` row is one HTTP attempt at a provider (failed ones too); a `charge`
 * row is a cost no attempt carries (a classifier or check that reported only a USD figure). The rows of a request
 * sum to its result's `cost.usd`. Never holds a key; prompt and response text only when the ledger opts in.
 */
export interface LedgerRecord {
  /** When the attempt started (ISO 8601, UTC). */
  at: string;
  /** The router request id (yours or the generated one), shared by every row of one request. */
  requestId: string;
  /** `attempt` (one provider call) or `charge` (a cost without a call record). */
  kind: 'attempt' | 'charge';
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
  /** Model alias (attempt rows). */
  alias?: string;
  /** Provider name as configured (attempt rows). */
  provider?: string;
  /** Provider model id (attempt rows). */
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
  /** Response-cache outcome (`hit`, `miss`); empty until the router has a response cache. */
  cache?: string;
  /** The provider's request id, when it sent one. */
  providerRequestId?: string;
  /** What a charge row was for, e.g. `classifier:llm`. */
  source?: string;
  /** The request's messages as JSON: only when the ledger opts in with `includeText`. */
  prompt?: string;
  /** The answer's text on the answering attempt: only when the ledger opts in with `includeText`. */
  response?: string;
}

import type { ExperimentArm } from './experiment-arm.js';
import type { Usage } from './usage.js';

/** One HTTP attempt at a provider, successful or not, as charged and recorded. */
export interface AttemptRecord {
  /** Model alias the attempt served. */
  alias: string;
  /** Provider name as configured. */
  provider: string;
  /** Provider model id. */
  model: string;
  /** 1-based attempt number within this alias (retries count up). */
  attempt: number;
  /** The output cap the attempt was sent with (after fitting to the model). */
  maxOutputTokens?: number;
  /** `ok` when the provider answered, `error` otherwise. */
  status: 'ok' | 'error';
  /** HTTP status of a failed attempt, when there was one. */
  httpStatus?: number;
  /** The error of a failed attempt. */
  error?: Error;
  /** Wall time of the attempt, in ms. */
  latencyMs: number;
  /** When the attempt started (ISO 8601); time-of-day prices use it. */
  startedAt: string;
  /** Usage the provider reported (for failed attempts too, when it did). */
  usage?: Usage;
  /**
   * True when `usage` (and so the cost) is an estimate: the provider reported none (estimated from the text), or
   * usage that contradicted itself (each whole raised to hold its parts), or the attempt was abandoned without usage
   * after the provider may have run it (a timeout, a reset, a cut stream: charged at its worst case).
   */
  usageEstimated?: boolean;
  /** Cost of this attempt in USD: 0 only for a failure that bills nothing (an HTTP error, a refused connection). */
  costUsd: number;
  /** Provider request id, when known. */
  requestId?: string;
  /**
   * What the call was for: a step's `answer`, an acceptance `check` (a judge), the `classifier`, or the response
   * cache's judge (`cache`).
   */
  purpose?: 'answer' | 'check' | 'classifier' | 'cache';
  /** 0-based index of the cascade step the attempt belongs to (answer and check attempts). */
  step?: number;
  /** The experiment arm of the request, when an experiment routed it. */
  experiment?: ExperimentArm;
}

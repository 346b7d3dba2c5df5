import { type CapScope, runScopes } from '../budgets/cap-scopes.js';
import { ConfigError, type ValidationIssue } from '../errors.js';
import type { Router } from './create-router.js';

/** Limits of `router.withBudget`: a USD cap and/or a call cap over every call of one task. */
export interface RunLimits {
  /** Most USD all calls of the run may cost together (worst cases reserved before each call). */
  maxUsd?: number;
  /** Most provider calls (attempts: retries, fallbacks, checks and classifier calls included). */
  maxCalls?: number;
  /** The run's id; give the same id in several processes to share one run's caps. Default: a fresh UUID. */
  id?: string;
}

/** What a run has used so far, from the store. */
export interface RunUsage {
  /** Settled USD. */
  usd: number;
  /** USD held by calls under way. */
  reservedUsd: number;
  /** Calls made. */
  calls: number;
}

/** A router scoped to one run: same models and store, every call counted against the run's limits. */
export interface ScopedRouter extends Router {
  /** The run id. */
  readonly id: string;
  /** What the run has used. */
  usage(): Promise<RunUsage>;
}

/** Checks `withBudget`'s limits (ConfigError with the bad field) and turns them into the run's caps. */
export function checkRunLimits(limits: RunLimits, id: string): CapScope[] {
  const issues: ValidationIssue[] = [];
  const { maxUsd, maxCalls } = limits;
  if (maxUsd !== undefined && !(typeof maxUsd === 'number' && Number.isFinite(maxUsd) && maxUsd > 0)) {
    issues.push({ path: 'withBudget.maxUsd', message: 'must be a positive number of USD' });
  }
  if (maxCalls !== undefined && !(Number.isInteger(maxCalls) && maxCalls > 0)) {
    issues.push({ path: 'withBudget.maxCalls', message: 'must be a positive integer' });
  }
  if (maxUsd === undefined && maxCalls === undefined) {
    issues.push({ path: 'withBudget', message: 'set maxUsd, maxCalls or both' });
  }
  if (limits.id !== undefined && (typeof limits.id !== 'string' || limits.id === '')) {
    issues.push({ path: 'withBudget.id', message: 'must be a non-empty string' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return runScopes(id, maxUsd, maxCalls);
}

import type { AttemptWorstCase, BudgetGate } from '../budgets/budget-gate.js';
import type { CapScope } from '../budgets/cap-scopes.js';
import type { AttemptRecord } from './attempt.js';

/** The running caps one router request draws from, shared by its steps, checks, classifier call and retries. */
export interface RouteCaps {
  /** The gate that reserves and settles in the store. */
  gate: BudgetGate;
  /** Caps in force: the request's tenant, user and feature caps and its run's (withBudget). */
  scopes: readonly CapScope[];
  /** Whether a soft cap may be overrun (served with an alert) rather than refusing so a cascade can go elsewhere. */
  allowSoftOverrun: boolean;
}

/**
 * Runs one attempt inside a reservation: reserve the worst case on every cap (refused → `BudgetExceededError`
 * before any HTTP call), then settle to what the attempt cost, or release it when it failed without cost.
 */
export async function cappedAttempt<T>(
  caps: RouteCaps,
  worst: AttemptWorstCase,
  attempts: AttemptRecord[],
  run: () => Promise<T>,
): Promise<T> {
  const hold = await caps.gate.hold(caps.scopes, worst, caps.allowSoftOverrun);
  const before = attempts.length;
  try {
    const result = await run();
    await hold.finish(attempts[before]?.costUsd ?? 0, false);
    return result;
  } catch (error) {
    await hold.finish(attempts.length > before ? (attempts[attempts.length - 1]?.costUsd ?? 0) : 0, true);
    throw error;
  }
}

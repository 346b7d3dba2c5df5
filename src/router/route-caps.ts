import { BudgetExceededError } from '../errors.js';
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
  exactWorst?: () => AttemptWorstCase,
): Promise<T> {
  const hold = await holdWorstCase(caps, worst, exactWorst);
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

/**
 * Reserves `worst`; when that is refused and it was a bound (`exactWorst` gives the exact worst case), tries the exact
 * one before refusing, so a call is only ever refused for a worst case that truly does not fit.
 */
async function holdWorstCase(
  caps: RouteCaps,
  worst: AttemptWorstCase,
  exactWorst: (() => AttemptWorstCase) | undefined,
) {
  try {
    return await caps.gate.hold(caps.scopes, worst, caps.allowSoftOverrun);
  } catch (error) {
    if (!(error instanceof BudgetExceededError) || !exactWorst) throw error;
    const exact = exactWorst();
    if (exact.estimateUsd >= worst.estimateUsd) throw error;
    return caps.gate.hold(caps.scopes, exact, caps.allowSoftOverrun);
  }
}

// What a response-cache lookup itself costs — a paid embedding of the question, the cache judge's calls — and how it
// joins the request's cost: on a hit it is the whole cost; on a miss it is added to the fresh answer's, so the
// result's `cost.usd` and the ledger's rows still add up to everything the request spent.
import type { AttemptRecord } from '../core/attempt-record.js';
import type { CostInfo, ExtraCharge, RouterResult } from '../router/result.js';

/** What a lookup cost: a paid embedding (a charge, `cache:embedding:<embedder>`) and the judge's attempts. */
export interface LookupSpend {
  readonly attempts: AttemptRecord[];
  readonly charges: ExtraCharge[];
  usd: number;
}

/** The cost of a hit: the lookup's spend alone. */
export function costOfLookup(spend: LookupSpend): CostInfo {
  return spend.charges.length > 0
    ? { usd: spend.usd, attempts: spend.attempts, charges: spend.charges }
    : { usd: spend.usd, attempts: spend.attempts };
}

/**
 * Adds a miss's lookup spend to its fresh result: the judge's attempts first (they ran first; a policy route's
 * `attempts` is the same list, so it lists them too), the embedding charge, and both in `usd`.
 */
export function addLookupSpend(result: RouterResult, spend: LookupSpend): RouterResult {
  if (spend.usd === 0 && spend.attempts.length === 0) return result;
  const cost = result.cost;
  cost.attempts.unshift(...spend.attempts);
  if (spend.charges.length > 0) cost.charges = [...spend.charges, ...(cost.charges ?? [])];
  cost.usd += spend.usd;
  return result;
}

/** A request's budget less what its lookup already spent (the fresh answer must fit what is left). */
export function budgetAfterLookup<R extends { budget?: { maxUsd: number } }>(request: R, spend: LookupSpend): R {
  if (spend.usd === 0 || request.budget === undefined) return request;
  return { ...request, budget: { ...request.budget, maxUsd: Math.max(0, request.budget.maxUsd - spend.usd) } };
}

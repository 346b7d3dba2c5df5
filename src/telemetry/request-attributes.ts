import type { Attributes } from '@opentelemetry/api';
import { BudgetExceededError } from '../errors.js';
import type { AttemptRecord } from '../core/attempt-record.js';
import type { RouterRequest } from '../router/request.js';
import type { RouterResult } from '../router/result.js';
import { errorType } from './error-type.js';

/** The tags every span and metric of a request carries: tenant, feature (never the user: it identifies a person). */
export function requestTags(request: RouterRequest): Attributes {
  const tags: Attributes = {};
  const metadata = request.metadata;
  if (metadata?.tenant !== undefined) tags['routewise.tenant'] = metadata.tenant;
  if (metadata?.feature !== undefined) tags['routewise.feature'] = metadata.feature;
  return tags;
}

/** Retries among attempts: every attempt after an alias's first. */
export function retryCount(attempts: readonly AttemptRecord[]): number {
  let retries = 0;
  for (const attempt of attempts) if (attempt.attempt > 1) retries += 1;
  return retries;
}

/**
 * The `routewise.*` attributes of a settled request: cost, route (tier, classifier score, escalations, fallback),
 * experiment arm, cache outcome, retries.
 */
export function resultAttributes(result: RouterResult): Attributes {
  const route = result.route;
  const out: Attributes = {
    'routewise.request.id': result.requestId,
    'routewise.cost.usd': result.cost.usd,
    'routewise.alias': result.alias,
    'routewise.route.kind': route.kind,
    'routewise.fallback': route.fellBack,
    'routewise.attempts': result.cost.attempts.length,
    'routewise.retries': retryCount(result.cost.attempts),
  };
  if (route.kind === 'policy') {
    out['routewise.policy'] = route.policy;
    out['routewise.tier'] = route.tier;
    out['routewise.escalations'] = route.escalations;
    if (route.classifier) {
      out['routewise.classifier.name'] = route.classifier.name;
      out['routewise.classifier.score'] = route.classifier.score;
    }
  }
  if (result.experiment) {
    out['routewise.experiment.name'] = result.experiment.experiment;
    out['routewise.experiment.arm'] = result.experiment.arm;
  }
  if (result.cache) {
    out['routewise.cache.outcome'] =
      result.cache.hit === false ? (result.cache.skipped !== undefined ? 'skip' : 'miss') : result.cache.hit;
    if (result.cache.savedUsd !== undefined) out['routewise.cache.saved_usd'] = result.cache.savedUsd;
  }
  return out;
}

/** The attributes of a failed request: `error.type`, what it cost so far and, for a budget refusal, which scope. */
export function failureAttributes(error: unknown, attempts: readonly AttemptRecord[]): Attributes {
  let costUsd = 0;
  for (const attempt of attempts) costUsd += attempt.costUsd;
  const out: Attributes = {
    'error.type': errorType(error),
    'routewise.cost.usd': costUsd,
    'routewise.attempts': attempts.length,
    'routewise.retries': retryCount(attempts),
  };
  if (error instanceof BudgetExceededError) {
    out['routewise.budget.scope'] = error.scope;
    if (error.scopeName !== undefined) out['routewise.budget.scope_name'] = error.scopeName;
    if (error.window !== undefined) out['routewise.budget.window'] = error.window;
  }
  return out;
}

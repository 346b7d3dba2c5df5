import { countO200kTokens } from '../budgets/count-o200k-tokens.js';
import { ConfigError } from '../errors.js';
import type { PolicyContext } from './policies/policy.js';
import { stepChecks } from './policies/route-step-schema.js';
import type { RouterRequest } from './request.js';
import { stepWorstCase } from './step-budget.js';
import { stepRequest } from './step-request.js';
import type { Store } from '../stores/store.js';
import type { Target } from './target.js';

/**
 * What a policy gets besides the request: the configured aliases, the abort signal, the store, and the worst-case cost of a
 * step, computed exactly as the cascade's budget check will (the step's caps and checks' request hooks applied),
 * so a cost-aware policy never prices a call itself.
 */
export function policyContext(
  request: RouterRequest,
  targets: ReadonlyMap<string, Target>,
  defaultMaxOutputTokens: number,
  models: readonly string[] = [...targets.keys()],
  store?: Store,
): PolicyContext {
  // One request's texts are counted once, however many candidates a policy prices (a cost-aware policy prices all).
  let counted: Map<string, number> | undefined;
  const count = (text: string): number => {
    counted ??= new Map();
    let tokens = counted.get(text);
    if (tokens === undefined) {
      tokens = countO200kTokens(text);
      counted.set(text, tokens);
    }
    return tokens;
  };
  return {
    models,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(store ? { store } : {}),
    estimateCostUsd(step, forRequest, options) {
      const target = targets.get(step.model);
      if (!target) {
        throw new ConfigError([
          {
            path: 'model',
            message: `"${step.model}" is not a configured model alias (configured: ${[...targets.keys()].join(', ')})`,
          },
        ]);
      }
      const checks = stepChecks(step);
      // A step that changes nothing an estimate reads prices the request as it is (no copy per candidate).
      const plain =
        step.maxOutputTokens === undefined &&
        step.reasoning === undefined &&
        checks.every((check) => check.prepareRequest === undefined);
      const routed = plain ? forRequest : stepRequest(forRequest, step, checks);
      return stepWorstCase(routed, target, defaultMaxOutputTokens, options?.outputTokens, count).estimateUsd;
    },
  };
}

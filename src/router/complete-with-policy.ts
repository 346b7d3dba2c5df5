import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import type { Store } from '../stores/store.js';
import { checkDecision } from './policies/check-decision.js';
import type { RoutingPolicy } from './policies/policy.js';
import { toPolicyResult } from './policies/policy-result.js';
import { policyContext } from './policy-context.js';
import type { RouterRequest } from './request.js';
import type { RouterResult } from './result.js';
import type { ResolvedRetryOptions } from '../core/retry-options.js';
import type { RouteCaps } from './route-caps.js';
import { runCascade } from './run-cascade.js';
import { streamingCall } from './streaming-call.js';
import type { Target } from './target.js';

/** The router's settings a policy-routed request runs with. */
export interface PolicyRunSettings {
  targets: ReadonlyMap<string, Target>;
  retry: ResolvedRetryOptions;
  defaultMaxOutputTokens: number;
  timeoutMs: number;
  /** Longest wait between two events of a streamed step, in ms. */
  streamIdleTimeoutMs?: number;
  /** Running caps the request's calls draw from. */
  caps?: RouteCaps;
  /** Client-side rate limits (shared through the store). */
  rateLimiter?: RateLimiter;
  /** The router's store, handed to policies in their context. */
  store?: Store;
}

/**
 * Routes an unpinned request by a policy: asks it for a decision (tier and steps), checks the decision names
 * configured aliases, runs the cascade through the adapters' `complete`, and builds the result.
 * With `onDelta` (a stream), steps without acceptance checks are streamed live through it instead (retries and
 * fallbacks only before their first delta); when the final answer came from a step judged on its full answer,
 * its text reaches `onDelta` in one piece once the cascade ends.
 */
export async function completeWithPolicy(
  policy: RoutingPolicy,
  request: RouterRequest,
  requestId: string,
  settings: PolicyRunSettings,
  onDelta?: (text: string) => void,
): Promise<RouterResult> {
  const context = policyContext(request, settings.targets, settings.defaultMaxOutputTokens, undefined, settings.store);
  const decision = await policy.decide(request, context);
  checkDecision(decision, new Set(context.models));
  let emitted = false;
  const unjudged = onDelta && {
    call: streamingCall((text) => {
      emitted = true;
      onDelta(text);
    }),
    mayTryAgain: () => !emitted,
  };
  const outcome = await runCascade(
    { ...settings, request, policyName: policy.name, decision },
    (target, chat, options) => target.adapter.complete(target.model, chat, options),
    unjudged,
  );
  if (onDelta && !emitted && outcome.response.text !== '') onDelta(outcome.response.text);
  return toPolicyResult(requestId, outcome);
}

import type { PolicyContext, PolicyLike, RouteDecision, RouteStep, RoutingPolicy } from './policy.js';

/** A policy object as given, or a plain function wrapped into one (its result normalized to a decision). */
export function toRoutingPolicy(policy: PolicyLike): RoutingPolicy {
  if (typeof policy !== 'function') return policy;
  return {
    name: policy.name || 'function',
    async decide(request, context: PolicyContext) {
      return toDecision(await policy(request, context));
    },
  };
}

/** A policy function's result as a decision: an alias, a list of steps, or a decision. */
export function toDecision(value: string | RouteStep[] | RouteDecision): RouteDecision {
  if (typeof value === 'string') return { tier: 'default', steps: [{ model: value }] };
  if (Array.isArray(value)) return { tier: 'default', steps: value };
  return value;
}

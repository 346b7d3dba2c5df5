import type { RouteStep, RoutingPolicy } from './policy.js';
import { stepAliases } from './route-step-schema.js';

/** A policy that always routes to one alias (with optional caps, checks and fallbacks for that step). */
export function fixed(alias: string, step: Omit<RouteStep, 'model'> = {}): RoutingPolicy {
  const steps: RouteStep[] = [{ ...step, model: alias }];
  return {
    name: `fixed(${alias})`,
    aliases: stepAliases(steps, 'steps'),
    decide: () => ({ tier: 'default', steps }),
  };
}

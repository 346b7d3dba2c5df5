// The routing policies' public surface (re-exported by src/index.ts).

export type { CascadeOptions, CostedClassifierResult } from './cascade.js';
export { cascade } from './cascade.js';
export { fixed } from './fixed.js';
export { defaultThresholds, pickTier } from './pick-tier.js';
export type {
  ClassifierInfo,
  OnBudget,
  PolicyFunction,
  PolicyLike,
  RouteDecision,
  RouteStep,
  RoutingContext,
  RoutingPolicy,
  UtilityCandidateInfo,
  UtilityInfo,
} from './policy.js';
export type { UtilityOptions } from './utility.js';
export { utility } from './utility.js';
export type { UtilityTier } from './utility-tier.js';

// The routing policies' public surface (re-exported by src/index.ts).

export type { CascadeOptions, CostedClassifierResult } from './cascade.js';
export { cascade } from './cascade.js';
export type { CascadeRoutingOptions } from './cascade-routing.js';
export { cascadeRouting, DEFAULT_AGREEMENT_RATES } from './cascade-routing.js';
export type { AgreementRates, CascadeEstimates, CascadeState, CascadeStep } from './cascade-routing-core.js';
export { answerPosteriors, nextCascadeStep, runCascadeRouting } from './cascade-routing-core.js';
export type { CascadeRoutingModel, CascadeTaskEstimates } from './cascade-routing-model.js';
export { CASCADE_ROUTING_FORMAT } from './cascade-routing-model.js';
export { fixed } from './fixed.js';
export type { FeedbackQualityOptions } from './feedback-quality.js';
export { feedbackQuality } from './feedback-quality.js';
export type { LearnPerTaskOptions } from './learn-per-task.js';
export { DEFAULT_TASK_MIN_COUNT, DEFAULT_TASK_PRIOR_STRENGTH, learnPerTask } from './learn-per-task.js';
export { defaultThresholds, pickTier } from './pick-tier.js';
export type {
  CascadeRoutingCandidateInfo,
  CascadeRoutingDecisionInfo,
  CascadeRoutingInfo,
  ClassifierInfo,
  EstimateCostOptions,
  OnBudget,
  PolicyFunction,
  PolicyLike,
  PlannedChoice,
  PlannedStepOutcome,
  RouteDecision,
  RouteStep,
  RoutingContext,
  RoutingPolicy,
  StepPlan,
  TaskChoiceCandidateInfo,
  TaskChoiceInfo,
  UtilityCandidateInfo,
  UtilityInfo,
} from './policy.js';
export type { UtilityOptions } from './utility.js';
export { utility } from './utility.js';
export type { UtilityTier } from './utility-tier.js';

import type { ReasoningSetting } from '../../providers/spec/request.js';
import type { AttemptRecord } from '../attempt.js';
import type { AcceptanceCheck } from '../acceptance/acceptance-check.js';
import type { RouterRequest } from '../request.js';

/** One step of a cascade: a model alias with its caps, its acceptance checks and its fallbacks. */
export interface RouteStep {
  /** Model alias to call. */
  model: string;
  /** Output cap of this step (reasoning included); the request's own cap still applies (the lower wins). */
  maxOutputTokens?: number;
  /** Reasoning effort or thinking budget of this step (overrides the request's and the model's). */
  reasoning?: ReasoningSetting;
  /** Checks the answer must pass, all of them, or the cascade escalates to the next step. None: accepted. */
  accept?: AcceptanceCheck | AcceptanceCheck[];
  /** Aliases tried when this step's model fails; default: the alias's configured `fallbacks`. */
  fallbacks?: string[];
}

/** What to do when a step's worst case does not fit the remaining per-request budget. */
export type OnBudget = 'skip' | 'fail';

/** The classifier's part in a decision. */
export interface ClassifierInfo {
  /** The classifier's name. */
  name: string;
  /** Its score in [0, 1]: how likely the query needs the stronger tier. */
  score: number;
}

/** One candidate of a utility pick, as scored for this request. */
export interface UtilityCandidateInfo {
  /** The candidate's name (the predictor's key). */
  name: string;
  /** The candidate step's model alias. */
  alias: string;
  /** Its predicted chance of answering well, in [0, 1]. */
  predicted: number;
  /** Its worst-case cost for this request, in USD (estimated input × input price + output cap × output price). */
  costUsd: number;
  /** That cost over the dearest candidate's (the dearest costs 1): the cost λ multiplies. */
  cost: number;
  /** predicted − λ × cost. */
  utility: number;
  /** True when its worst case alone exceeds the request's `budget.maxUsd`: left out of the pick and escalation. */
  overBudget?: boolean;
}

/** How a utility pick chose among candidate models: predictions, λ, costs, utilities and the pick. */
export interface UtilityInfo {
  /** The quality predictor's name. */
  predictor: string;
  /** The λ used (a calibration's λ when one was given). */
  lambda: number;
  /** Every candidate, in configuration order. */
  candidates: UtilityCandidateInfo[];
  /** The chosen candidate's name (the first step). */
  chosen: string;
  /** The candidates the cascade may escalate to after it, in order (empty with `escalate: false`). */
  escalation: string[];
}

/** What a policy decided for one request: a tier and its ordered steps. */
export interface RouteDecision {
  /** Name of the chosen tier (`default` for one-tier policies). */
  tier: string;
  /** The steps to run in order; the first accepted answer wins. */
  steps: RouteStep[];
  /** The classifier that picked the tier, and its score. */
  classifier?: ClassifierInfo;
  /** How a utility pick chose the model among the tier's candidates, when one did. */
  utility?: UtilityInfo;
  /** Name of the policy that decided, when a wrapper (an experiment arm) delegates; default the policy's name. */
  policy?: string;
  /** The experiment arm that chose the policy, when one did. */
  experiment?: { name: string; arm: string };
  /** Steps over budget: skip to the next affordable one (default) or fail with `BudgetExceededError`. */
  onBudget?: OnBudget;
  /** What deciding cost (an LLM classifier), in USD; charged to the request. */
  costUsd?: number;
  /** Provider attempts made while deciding (an LLM classifier's), recorded with the request's attempts. */
  attempts?: AttemptRecord[];
}

/** What a policy gets besides the request. */
export interface RoutingContext {
  /** The router's configured model aliases. */
  models: readonly string[];
  /** The request's abort signal, if any. */
  signal?: AbortSignal;
  /**
   * The worst-case cost in USD of running `step` for `request`, as the budget check computes it: the step's model's
   * estimated input tokens × input price + the output cap (the step's, the request's, the model's or the router's)
   * × output price, at today's price. Provided by the router; throws `ConfigError` for an unknown alias.
   */
  estimateCostUsd?: (step: RouteStep, request: RouterRequest) => number;
}

/** Same as `RoutingContext` (the name inside the router; the public one is `RoutingContext`). */
export type PolicyContext = RoutingContext;

/** Picks a route for a request. `cascade()` and `fixed()` build these; experiments wrap them. */
export interface RoutingPolicy {
  /** Name shown in `res.route` and reports. */
  readonly name: string;
  /** Decides the tier and steps for one request (unpinned requests only). */
  decide(request: RouterRequest, context: PolicyContext): RouteDecision | Promise<RouteDecision>;
  /** Every alias this policy may route to (config validation checks them). */
  readonly aliases?: ReadonlyArray<{ path: string; alias: string }>;
}

/** A plain function of the request: returns an alias, a list of steps, or a full decision. */
export type PolicyFunction = (
  request: RouterRequest,
  context: PolicyContext,
) => string | RouteStep[] | RouteDecision | Promise<string | RouteStep[] | RouteDecision>;

/** What `createRouter({ policy })` accepts: a policy object or a plain function. */
export type PolicyLike = RoutingPolicy | PolicyFunction;

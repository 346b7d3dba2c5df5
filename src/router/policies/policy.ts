import type { ReasoningSetting } from '../../providers/spec/request.js';
import type { AttemptRecord } from '../attempt.js';
import type { AcceptanceAnswer, AcceptanceCheck, CheckAnswer } from '../acceptance/acceptance-check.js';
import type { Store } from '../../stores/store.js';
import type { RouterRequest } from '../request.js';
import type { StepVerdict } from '../result.js';

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

/** How one step of a step-by-step route ended, as its plan sees it before choosing the next. */
export interface PlannedStepOutcome {
  /** The step's index in `RouteDecision.steps`. */
  index: number;
  /** How it ended: `accepted` (its checks passed, or it has none), `rejected`, `failed`, `skipped-budget`. */
  verdict: StepVerdict;
  /** Its answer, when it gave one (accepted or rejected). */
  answer?: AcceptanceAnswer;
  /** Whether the step has acceptance checks (a checked step that passes ends the route at once). */
  checked: boolean;
  /** Other models' answers its checks obtained (`agree()`'s): evidence, already paid for. */
  checkAnswers?: CheckAnswer[];
}

/** What a step-by-step route does next: run `next` (an index into the decision's steps), or stop. */
export interface PlannedChoice {
  /** The step to run next; undefined to stop. */
  next?: number;
  /** When stopping, the step whose answer is returned (default: the last answer obtained). */
  answer?: number;
}

/**
 * A route decided one step at a time (cascade routing): the decision's `steps` are the candidates, and after each
 * step the plan sees every outcome so far and picks the next step or stops, naming the answer to return. A step
 * with acceptance checks that pass ends the route at once; one whose checks reject stays evidence for the plan.
 */
export interface StepPlan {
  /** The next step, or stop (at most one call per step; at most `steps.length` calls). */
  next(outcomes: readonly PlannedStepOutcome[]): PlannedChoice | Promise<PlannedChoice>;
  /**
   * Whether step `index`, run now, is certainly the last one and its answer the one returned, whatever it answers:
   * a stream then sends its deltas live. Default: never (its text is sent in one piece once the route ends).
   */
  isFinal?(outcomes: readonly PlannedStepOutcome[], index: number): boolean;
  /**
   * Detail of the decisions, shown as `res.route.cascadeRouting` once the route ends; `answered` is the step whose
   * answer was returned (a checked step whose checks passed, or the plan's own choice).
   */
  info?(answered?: number): CascadeRoutingInfo;
}

/** One candidate of cascade routing, as estimated for this request. */
export interface CascadeRoutingCandidateInfo {
  /** The candidate's name (the predictor's and the learned model's key). */
  name: string;
  /** Its step's model alias. */
  alias: string;
  /** Its prior chance of answering well (the predictor's, averaged with the task's learned mean when both exist). */
  prior: number;
  /** Its expected cost for this request, in USD (estimated input × input price + expected output × output price). */
  costUsd: number;
  /** That cost over the dearest candidate's (the dearest costs 1): the cost λ multiplies. */
  cost: number;
  /** True when its worst case alone exceeds the request's `budget.maxUsd`: left out from the start. */
  overBudget?: boolean;
}

/** One decision of cascade routing: after the answers so far, call `next` or stop with `answer`. */
export interface CascadeRoutingDecisionInfo {
  /** The candidates that had answered, in call order. */
  after: string[];
  /** Each answer's posterior chance of being right, by candidate name (after the agreement update). */
  posteriors: Record<string, number>;
  /** Each answer's comparison key (undefined: none, e.g. a refusal or an answer cut at its cap). */
  keys: Record<string, string | null>;
  /** The candidate called next, when one was. */
  next?: string;
  /** The answer returned if the route stopped here. */
  answer?: string;
}

/** How cascade routing went for one request: the estimates, λ, every decision and the answer returned. */
export interface CascadeRoutingInfo {
  /** The quality predictor's name, when one gave the priors. */
  predictor?: string;
  /** The λ used. */
  lambda: number;
  /** How answers were compared (`choice`, `number`, `yesno`, `code`, `text`, or `custom`). */
  kind?: string;
  /** Every candidate, in configuration order. */
  candidates: CascadeRoutingCandidateInfo[];
  /** Every decision, in order. */
  decisions: CascadeRoutingDecisionInfo[];
  /** The candidate whose answer was returned. */
  answer?: string;
}

/** One candidate of a per-task learned choice, as read from the store for this request. */
export interface TaskChoiceCandidateInfo {
  /** The model alias. */
  alias: string;
  /** Scores recorded for it on this task (feedback, and check verdicts when the learner takes them). */
  n: number;
  /** Its shrunk mean score on the task (towards its mean over every task, that towards ½). */
  mean: number;
  /** Its worst-case cost for this request, in USD (what "cheapest" compares). */
  costUsd: number;
}

/** How a per-task learner (`learnPerTask`) met one request: its evidence, and whether it set the route. */
export interface TaskChoiceInfo {
  /** The learner's name (its counters' namespace in the store). */
  learner: string;
  /** The request's task (`metadata.feature`). */
  task: string;
  /** Scores recorded for the task over every candidate. */
  evidence: number;
  /** Scores the task needs before the learned choice moves the route. */
  minCount: number;
  /** Whether the learned choice set the route (else the wrapped policy's decision ran unchanged). */
  applied: boolean;
  /** Why: `learned`, `too few scores`, `exploring`, `recording only` (`choose: false`). */
  reason: string;
  /** The chosen alias, when the choice applied. */
  chosen?: string;
  /** Every candidate, in configuration order. */
  candidates: TaskChoiceCandidateInfo[];
  /** What the learner learns from (the router records feedback and check verdicts for it accordingly). */
  learnFrom: { feedback: boolean; checks: boolean };
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
  /** Present when the steps are chosen one at a time (cascade routing): `steps` are then the candidates. */
  plan?: StepPlan;
  /** How a per-task learner (`learnPerTask`) met the request, when one wraps the policy. */
  taskChoice?: TaskChoiceInfo;
  /** What deciding cost (an LLM classifier), in USD; charged to the request. */
  costUsd?: number;
  /** Provider attempts made while deciding (an LLM classifier's), recorded with the request's attempts. */
  attempts?: AttemptRecord[];
}

/** Options of `RoutingContext.estimateCostUsd`. */
export interface EstimateCostOptions {
  /** Price this many output tokens (capped by the step's output cap) instead of the cap: an expected cost. */
  outputTokens?: number;
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
  estimateCostUsd?: (step: RouteStep, request: RouterRequest, options?: EstimateCostOptions) => number;
  /** The router's store (shared state a learning policy reads, e.g. `learnPerTask`'s evidence). Provided by the router. */
  store?: Store;
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

import type { CacheInfo } from '../cache/cached-answer.js';
import type { ToolCall } from '../providers/spec/message.js';
import type { FinishReason } from '../providers/spec/response.js';
import type { Usage } from '../providers/spec/usage.js';
import type { AttemptRecord } from './attempt.js';
import type { ExperimentArm } from '../core/experiment-arm.js';
import type { CascadeRoutingInfo, TaskChoiceInfo, UtilityInfo } from './policies/policy.js';

/** How a pinned request was routed: which aliases were in line and which one answered. */
export interface PinnedRouteInfo {
  /** `pinned` when `request.model` chose the alias. */
  kind: 'pinned';
  /** The aliases in the order they were to be tried: the chosen one, then its fallbacks. */
  chain: string[];
  /** The alias that answered. */
  answeredBy: string;
  /** Whether a fallback answered instead of the first alias. */
  fellBack: boolean;
}

/** How a step of a cascade ended: its answer passed, failed its checks, its models failed, or it did not fit the budget. */
export type StepVerdict = 'accepted' | 'rejected' | 'failed' | 'skipped-budget';

/** One acceptance check's verdict on a step's answer. */
export interface CheckRecord {
  /** The check's name, e.g. `nonEmpty`, `judge(haiku)`. */
  name: string;
  /** Whether it accepted the answer. */
  accept: boolean;
  /** Why. */
  reason: string;
  /** The confidence or grade it measured, in [0, 1], when it measured one. */
  confidence?: number;
  /** What the check cost (a judge's calls), in USD. */
  costUsd: number;
}

/** One step of a cascade as it ran. */
export interface StepRecord {
  /** 0-based index of the step in its tier. */
  index: number;
  /** The step's model alias. */
  alias: string;
  /** The aliases in line for the step: its model, then its fallbacks. */
  chain: string[];
  /** The alias that answered, when one did. */
  answeredBy?: string;
  /** How the step ended. */
  verdict: StepVerdict;
  /** Why, in one line. */
  reason: string;
  /** The checks that ran on the answer, in order (the first rejection stops the rest). */
  checks: CheckRecord[];
  /** What the step cost: its attempts and its checks, in USD. */
  costUsd: number;
}

/** How a request routed by a policy went: the decision, then every step with its verdict. */
export interface PolicyRouteInfo {
  /** `policy` when a routing policy chose the route. */
  kind: 'policy';
  /** The policy's name. */
  policy: string;
  /** The tier the policy chose. */
  tier: string;
  /** The classifier that chose the tier, with its score, when one did. */
  classifier?: { name: string; score: number };
  /** How a utility pick chose the model among the tier's candidates (predictions, λ, costs, utilities), when one did. */
  utility?: UtilityInfo;
  /** How cascade routing chose each call and the answer (estimates, λ, posteriors, decisions), when it did. */
  cascadeRouting?: CascadeRoutingInfo;
  /** How a per-task learner (`learnPerTask`) met the request: its evidence and whether it set the route. */
  taskChoice?: TaskChoiceInfo;
  /** The experiment arm that chose the policy, when one did. */
  experiment?: { name: string; arm: string };
  /** Every step of the tier, in order, with its verdict (steps after the accepted one are not listed). */
  steps: StepRecord[];
  /** Whether the returned answer passed its step's checks (false: the last answer obtained, every step exhausted). */
  accepted: boolean;
  /** How many steps ran after the first one that ran (0 when the first answer was accepted). */
  escalations: number;
  /** The aliases in line for the answering step: its model, then its fallbacks. */
  chain: string[];
  /** The alias that answered. */
  answeredBy: string;
  /** Whether a fallback answered instead of the answering step's own model. */
  fellBack: boolean;
  /** Every provider attempt of the request (classifier, steps, checks), the same records as `cost.attempts`. */
  attempts: AttemptRecord[];
}

/** How a request was routed: pinned to an alias, or chosen by a policy. */
export type RouteInfo = PinnedRouteInfo | PolicyRouteInfo;

/** A cost that no recorded attempt carries (a classifier or check that reported only a USD figure). */
export interface ExtraCharge {
  /** What it was for, e.g. `classifier:llm`, `check:custom`. */
  source: string;
  /** USD. */
  usd: number;
}

/** The cost of a request: the total, and every attempt that made it up. */
export interface CostInfo {
  /** Total USD over every attempt (retries, failures and fallbacks included). */
  usd: number;
  /** Every attempt, in order. */
  attempts: AttemptRecord[];
  /** Costs not tied to an attempt (included in `usd`); absent when there are none. */
  charges?: ExtraCharge[];
}

/** What `router.complete` returns (and a stream's final event carries). */
export interface RouterResult<Output = unknown> {
  /** The request id (yours, or a generated one). */
  requestId: string;
  /** The answer's visible text. */
  text: string;
  /** The parsed structured output, when the request asked for one and the answer parsed. */
  output?: Output;
  /** Why structured output did not parse, when it did not. */
  outputError?: string;
  /** Tool calls the model asked for. */
  toolCalls: ToolCall[];
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** The answering provider's own stop reason, unchanged (`end_turn`, `STOP`…), when it sent one. */
  rawFinishReason?: string;
  /** The alias that answered. */
  alias: string;
  /** The provider model id that answered (as configured for the alias). */
  model: string;
  /** The model id the provider reported, often a dated snapshot (e.g. `gpt-4o-mini-2024-07-18`). */
  responseModel?: string;
  /** The provider that answered. */
  provider: string;
  /** Usage of the answering call. */
  usage: Usage;
  /** Cost of the whole request. */
  cost: CostInfo;
  /** How the request was routed. */
  route: RouteInfo;
  /** The experiment arm that routed the request, when an experiment did. */
  experiment?: ExperimentArm;
  /** Things adapted to fit the provider (dropped parameters, clamped budgets). */
  warnings: string[];
  /** The provider's raw response. */
  raw: unknown;
  /** How the response cache met the request (`{ hit: false }` on a miss); absent when the router has no response cache. */
  cache?: CacheInfo;
}

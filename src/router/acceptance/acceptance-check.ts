import type { ToolCall } from '../../providers/spec/message.js';
import type { ChatResponse, FinishReason, TokenLogprob } from '../../providers/spec/response.js';
import type { Usage } from '../../providers/spec/usage.js';
import type { AttemptRecord } from '../attempt.js';
import type { RouterRequest } from '../request.js';

/** A check's verdict on one answer: accept it, or escalate to the next step. */
export interface Verdict {
  /** Whether the answer is good enough. */
  accept: boolean;
  /** Why, in a short sentence (shown in `res.route`). */
  reason: string;
  /** The confidence or grade the check measured, in [0, 1], when it measured one. */
  confidence?: number;
  /** What the check itself cost (a judge's call), in USD; charged to the request. */
  costUsd?: number;
  /** The check's own provider attempts (a judge's), recorded with the request's attempts. */
  attempts?: AttemptRecord[];
  /**
   * Answers the check got from other models to the same request (`agree()`'s): a step-by-step policy
   * (`cascadeRouting()`) reads them as evidence and does not call those models again.
   */
  answers?: CheckAnswer[];
}

/** One other model's answer to the caller's request, obtained by a check. */
export interface CheckAnswer {
  /** The alias that answered (a fallback's, when one answered). */
  alias: string;
  /** Its text. */
  text: string;
  /** Why it stopped. */
  finishReason: FinishReason;
  /** The adapter's warnings (a flagged refusal among them). */
  warnings: string[];
}

/** The answer of one cascade step, as acceptance checks see it. */
export interface AcceptanceAnswer {
  /** The visible text the caller would get (after any check's post-processing, e.g. a stripped confidence line). */
  text: string;
  /** The text exactly as the model wrote it. */
  originalText: string;
  /** Parsed structured output, when the request asked for one and it parsed. */
  output?: unknown;
  /** Why structured output did not parse or validate, when it did not. */
  outputError?: string;
  /** Tool calls the model asked for. */
  toolCalls: ToolCall[];
  /** Why the model stopped. */
  finishReason: FinishReason;
  /** Token log-probabilities, when the provider returned them. */
  logprobs?: TokenLogprob[];
  /** The alias that answered. */
  alias: string;
  /** The provider that answered. */
  provider: string;
  /** The provider model id that answered. */
  model: string;
  /** Usage of the answering call. */
  usage: Usage;
  /** The adapter's warnings (a flagged refusal among them). */
  warnings: string[];
}

/** A call through the router's own targets (retries, fallbacks, pricing, the request's budget), for judges. */
export type CompleteThrough = (
  alias: string,
  request: RouterRequest,
) => Promise<{ response: ChatResponse; alias: string; attempts: AttemptRecord[] }>;

/** What a check gets besides the answer. */
export interface AcceptanceContext {
  /** The caller's request. */
  request: RouterRequest;
  /** The 0-based index of the step in its tier. */
  stepIndex: number;
  /** USD spent on this request so far (this step's answer included). */
  spentUsd: number;
  /**
   * Runs a configured alias through the router (judges grade with it) within the request's budget and signal: each
   * call is checked against the spend so far, this check's earlier calls and the worst case of its calls still under
   * way included. Its attempts are returned (and recorded with the request's once the check returns).
   */
  complete: CompleteThrough;
}

/**
 * Decides whether a step's answer is good enough. A plain function works; a check may also carry hooks that
 * adjust the step's request before the call and the response after it.
 */
export interface AcceptanceCheck {
  (answer: AcceptanceAnswer, context: AcceptanceContext): Verdict | Promise<Verdict>;
  /** Name shown in `res.route`, e.g. `judge(haiku)`. Defaults to the function's name. */
  checkName?: string;
  /** Adjusts the step's provider request before the call (ask for logprobs, append a system-prompt suffix). */
  prepareRequest?: (request: RouterRequest) => RouterRequest;
  /** Rewrites the answer's visible text after the call (strip a confidence line), before any check runs. */
  rewriteText?: (text: string) => string;
  /** Model aliases the check calls (a judge's); the router's config validation checks they exist. */
  models?: readonly string[];
  /**
   * The calls the check will make for a request (an agreement check's), known before the step runs: the cascade adds
   * their worst cases to the step's own before its budget check, so a step whose checks cannot be paid for is
   * skipped (or fails, per `onBudget`) before anything is spent on it.
   */
  plannedCalls?: (request: RouterRequest) => { alias: string; request: RouterRequest }[];
}

/** Attaches a name and hooks to a check function. */
export function defineCheck(
  name: string,
  fn: (answer: AcceptanceAnswer, context: AcceptanceContext) => Verdict | Promise<Verdict>,
  hooks: Pick<AcceptanceCheck, 'prepareRequest' | 'rewriteText' | 'models' | 'plannedCalls'> = {},
): AcceptanceCheck {
  return Object.assign(fn, { checkName: name }, hooks);
}

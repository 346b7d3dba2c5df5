import {
  BudgetExceededError,
  ContextWindowExceededError,
  ProviderError,
  RouteExhaustedError,
  RoutewiseError,
} from '../errors.js';
import { RateLimitedError } from '../rate-limits/rate-limited-error.js';
import type { RateLimiter } from '../rate-limits/rate-limiter.js';
import { parseStructuredOutput } from '../providers/shared/structured-output.js';
import type { ChatResponse } from '../providers/spec/response.js';
import type {
  AcceptanceAnswer,
  AcceptanceCheck,
  CheckAnswer,
  CompleteThrough,
  Verdict,
} from './acceptance/acceptance-check.js';
import { type AttemptRecord, totalCostUsd } from './attempt.js';
import type { PlannedChoice, PlannedStepOutcome, RouteDecision, RouteStep, StepPlan } from './policies/policy.js';
import { stepChecks } from './policies/route-step-schema.js';
import type { RouterRequest } from './request.js';
import type { CheckRecord, ExtraCharge, PolicyRouteInfo, StepRecord } from './result.js';
import type { ResolvedRetryOptions } from '../core/retry-options.js';
import type { RouteCaps } from './route-caps.js';
import { type AttemptCall, runRoute } from './run-route.js';
import { stepBudgetRefusal, stepWorstCase } from './step-budget.js';
import { stepRequest } from './step-request.js';
import type { Target } from './target.js';

/** What a cascade run needs: the caller's request, the policy's decision, and the route machinery's settings. */
export interface CascadeRunOptions {
  request: RouterRequest;
  policyName: string;
  decision: RouteDecision;
  targets: ReadonlyMap<string, Target>;
  retry: ResolvedRetryOptions;
  defaultMaxOutputTokens: number;
  timeoutMs: number;
  /** Longest wait between two events of a streamed step, in ms. */
  streamIdleTimeoutMs?: number;
  /** Running caps every step, check and retry draws from. */
  caps?: RouteCaps;
  /** Client-side rate limits every step's and check's attempts wait for. */
  rateLimiter?: RateLimiter;
}

/** The answer a cascade returns, everything it cost, and the route it took. */
export interface CascadeOutcome {
  /** The answering response, its text after the checks' rewrites. */
  response: ChatResponse;
  target: Target;
  output?: unknown;
  outputError?: string;
  /** Every attempt of the request: classifier, steps, checks. */
  attempts: AttemptRecord[];
  /** Costs without an attempt record. */
  charges: ExtraCharge[];
  route: PolicyRouteInfo;
}

/**
 * How a streamed request calls its unjudged steps (steps without acceptance checks, whose answer is final): through
 * `call` (a streaming call), retrying or falling back only while `mayTryAgain` says no text has reached the caller.
 */
export interface UnjudgedStepCall {
  call: AttemptCall;
  mayTryAgain: () => boolean;
}

/**
 * How a check's calls reach the router: `pendingUsd` is what the check's earlier calls cost, not yet recorded with the
 * request's attempts (they are once the check returns), but already spent from its budget.
 */
type CheckCall = (alias: string, request: RouterRequest, pendingUsd: number) => ReturnType<CompleteThrough>;

interface Answered {
  answer: AcceptanceAnswer;
  response: ChatResponse;
  target: Target;
  chain: Target[];
}

/**
 * Runs a decision's steps in order. Before each step, its worst case must fit the remaining per-request budget
 * (else the step is skipped, or the request fails, per `onBudget`); the step runs as a route (its alias, then its
 * fallbacks, with retries); its answer goes through its checks, all of which must accept, or the cascade escalates.
 * Every attempt — classifier, steps, checks, failures — is recorded and charged. When no answer is accepted the
 * last answer obtained is returned with `route.accepted = false`; with no answer at all, the error is thrown
 * (`BudgetExceededError` when a step was skipped for budget, else `RouteExhaustedError`).
 * Steps with checks and the checks' own calls go through `call`; steps without checks go through `unjudged` when
 * given (a stream), else `call` too.
 */
export async function runCascade(
  options: CascadeRunOptions,
  call: AttemptCall,
  unjudged?: UnjudgedStepCall,
): Promise<CascadeOutcome> {
  const { request, decision, targets } = options;
  const onBudget = decision.onBudget ?? 'skip';
  const attempts: AttemptRecord[] = [];
  const charges: ExtraCharge[] = [];
  const spent = () => totalCostUsd(attempts) + charges.reduce((sum, charge) => sum + charge.usd, 0);
  /** Worst cases reserved by checks' calls still under way. */
  const inFlight = new Set<{ usd: number }>();
  const classifierName = decision.classifier?.name ?? 'policy';
  charge(attempts, charges, decision.attempts ?? [], decision.costUsd, `classifier:${classifierName}`, {
    purpose: 'classifier',
  });

  const steps: StepRecord[] = [];
  let last: Answered | undefined;
  let acceptedAnswer: Answered | undefined;
  let firstRefusal: BudgetExceededError | undefined;
  /** Steps refused by a soft running cap, with their worst cases. */
  const softRefused: { index: number; usd: number }[] = [];

  /** Each step's answer, by step index (a step-by-step plan may return an earlier one). */
  const answers = new Map<number, Answered>();
  /** Other models' answers a step's checks obtained (agree()'s), by step index: evidence for a plan. */
  const checkAnswers = new Map<number, CheckAnswer[]>();

  /**
   * Runs one step; true when its answer was accepted (the cascade stops). `live`: a step without checks may stream
   * its deltas to the caller (a plan allows it only for a step that is certainly final).
   */
  const runStep = async (index: number, step: RouteStep, allowSoftOverrun: boolean, live = true): Promise<boolean> => {
    const checks = stepChecks(step);
    const routed = stepRequest(request, step, checks);
    const chain = stepChain(step, targets);
    const record: StepRecord = {
      index,
      alias: step.model,
      chain: chain.map((target) => target.alias),
      verdict: 'failed',
      reason: '',
      checks: [],
      costUsd: 0,
    };
    steps.push(record);
    const before = spent();

    const checkCallsUsd = request.budget ? plannedCheckCallsUsd(checks, request, targets, options) : 0;
    const refusal = stepBudgetRefusal(
      routed,
      chain[0] as Target,
      before,
      options.defaultMaxOutputTokens,
      checkCallsUsd,
    );
    if (refusal) {
      if (onBudget === 'fail') throw withAttempts(refusal, attempts);
      firstRefusal ??= refusal;
      record.verdict = 'skipped-budget';
      record.reason = budgetReason(refusal);
      return false;
    }

    const run = {
      retry: options.retry,
      defaultMaxOutputTokens: options.defaultMaxOutputTokens,
      timeoutMs: options.timeoutMs,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    };
    let answered: Answered;
    try {
      const streamed = checks.length === 0 && live ? unjudged : undefined;
      const outcome = await runRoute(
        {
          ...run,
          request: routed,
          chain,
          priorSpendUsd: before,
          ...(streamed ? { mayTryAgain: streamed.mayTryAgain } : {}),
          ...(streamed && options.streamIdleTimeoutMs !== undefined
            ? { streamIdleTimeoutMs: options.streamIdleTimeoutMs }
            : {}),
          ...(options.caps ? { caps: { ...options.caps, allowSoftOverrun } } : {}),
        },
        streamed?.call ?? call,
      );
      tag(attempts, outcome.attempts, { purpose: 'answer', step: index });
      answered = { answer: toAnswer(outcome.response, outcome.target, request, checks), ...outcome, chain };
      record.answeredBy = outcome.target.alias;
    } catch (error) {
      tag(attempts, (error as { attempts?: AttemptRecord[] }).attempts ?? [], { purpose: 'answer', step: index });
      record.costUsd = spent() - before;
      if (error instanceof BudgetExceededError) {
        if (error.mode === 'soft') {
          softRefused.push({ index, usd: error.estimateUsd });
          firstRefusal ??= error;
          record.verdict = 'skipped-budget';
          record.reason = budgetReason(error);
          return false;
        }
        if (onBudget === 'fail') throw withAttempts(error, attempts);
        firstRefusal ??= error;
        record.verdict = 'skipped-budget';
        record.reason = budgetReason(error);
        return false;
      }
      if (error instanceof RateLimitedError) error.attempts = [...attempts];
      if (error instanceof RouteExhaustedError || error instanceof ContextWindowExceededError) {
        record.verdict = 'failed';
        record.reason = firstLine(error.message);
        return false;
      }
      // A stream broken after its text reached the caller, or an abort: report every attempt of the request.
      if (error instanceof ProviderError) error.attempts = [...attempts];
      throw error;
    }

    const complete: CheckCall = async (alias, checkRequest, pendingUsd) => {
      const routed: RouterRequest = {
        ...checkRequest,
        ...(request.budget ? { budget: request.budget } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      };
      const checkChain = stepChain({ model: alias }, targets);
      // Spend so far: what is recorded, the check's own earlier calls (recorded once it returns), and the worst case
      // of the check's calls still under way (a check may call in parallel), so no call is checked against stale spend.
      const priorSpendUsd = spent() + pendingUsd + sumOf(inFlight);
      const reservation = {
        usd: routed.budget ? chainWorstCaseUsd(routed, checkChain, run.defaultMaxOutputTokens) : 0,
      };
      inFlight.add(reservation);
      try {
        // A check judges an answer already paid for: it draws from the same caps, and may overrun a soft one.
        const caps = options.caps ? { caps: { ...options.caps, allowSoftOverrun: true } } : {};
        const outcome = await runRoute({ ...run, request: routed, chain: checkChain, priorSpendUsd, ...caps }, call);
        return { response: outcome.response, alias: outcome.target.alias, attempts: outcome.attempts };
      } finally {
        inFlight.delete(reservation);
      }
    };
    let verdict: Awaited<ReturnType<typeof runChecks>>;
    try {
      verdict = await runChecks(
        checks,
        answered.answer,
        { request, stepIndex: index, spent, complete },
        (made, costUsd, name) =>
          charge(attempts, charges, made, costUsd, `check:${name}`, { purpose: 'check', step: index }),
      );
    } catch (error) {
      // A check's call was aborted with the request: report every attempt of the request, as a step's abort does.
      if (error instanceof ProviderError) error.attempts = [...attempts];
      throw error;
    }
    record.checks = verdict.records;
    if (verdict.answers.length > 0) checkAnswers.set(index, verdict.answers);
    record.verdict = verdict.accept ? 'accepted' : 'rejected';
    record.reason = verdict.reason;
    record.costUsd = spent() - before;
    last = answered;
    answers.set(index, answered);
    if (verdict.accept) {
      acceptedAnswer = answered;
      return true;
    }
    return false;
  };

  let planned: Answered | undefined;
  if (decision.plan) {
    planned = await runPlan(
      decision.plan,
      decision.steps,
      runStep,
      steps,
      answers,
      checkAnswers,
      unjudged !== undefined,
    );
  } else {
    for (const [index, step] of decision.steps.entries()) {
      if (await runStep(index, step, false)) break;
    }
  }
  // No step fitted and a soft cap kept some out: serve the cheapest of those over its soft cap (the gate alerts).
  const cheapest = softRefused.sort((x, y) => x.usd - y.usd)[0];
  if (!acceptedAnswer && !last && cheapest) {
    steps.splice(
      steps.findIndex((record) => record.index === cheapest.index),
      1,
    );
    await runStep(cheapest.index, decision.steps[cheapest.index] as RouteStep, true);
    steps.sort((x, y) => x.index - y.index);
  }

  const final = planned ?? acceptedAnswer ?? last;
  let answeredStep: number | undefined;
  if (decision.plan && final) {
    const record = steps.find((step) => answers.get(step.index) === final);
    acceptedAnswer = record?.verdict === 'accepted' ? final : undefined;
    answeredStep = record?.index;
  }
  if (!final) {
    if (firstRefusal) throw withAttempts(firstRefusal, attempts);
    throw new RouteExhaustedError(attempts, totalCostUsd(attempts));
  }
  const ran = steps.filter((step) => step.verdict !== 'skipped-budget').length;
  const route: PolicyRouteInfo = {
    kind: 'policy',
    policy: decision.policy ?? options.policyName,
    tier: decision.tier,
    ...(decision.classifier ? { classifier: { ...decision.classifier } } : {}),
    ...(decision.utility ? { utility: decision.utility } : {}),
    ...(decision.plan?.info ? { cascadeRouting: decision.plan.info(answeredStep) } : {}),
    ...(decision.taskChoice ? { taskChoice: decision.taskChoice } : {}),
    ...(decision.experiment ? { experiment: { ...decision.experiment } } : {}),
    steps,
    accepted: acceptedAnswer !== undefined,
    escalations: Math.max(0, ran - 1),
    chain: final.chain.map((target) => target.alias),
    answeredBy: final.target.alias,
    fellBack: final.target !== final.chain[0],
    attempts,
  };
  const outcome: CascadeOutcome = {
    response: { ...final.response, text: final.answer.text },
    target: final.target,
    attempts,
    charges,
    route,
  };
  if (final.answer.output !== undefined) outcome.output = final.answer.output;
  if (final.answer.outputError !== undefined) outcome.outputError = final.answer.outputError;
  return outcome;
}

/**
 * Runs a step-by-step plan: asks it for the next step after each outcome, until it stops, a checked step's answer
 * passes (which ends the route), or every step has run. Returns the answer the plan named, if it gave one.
 */
async function runPlan(
  plan: StepPlan,
  candidates: readonly RouteStep[],
  runStep: (index: number, step: RouteStep, allowSoftOverrun: boolean, live: boolean) => Promise<boolean>,
  records: readonly StepRecord[],
  answers: ReadonlyMap<number, Answered>,
  checkAnswers: ReadonlyMap<number, CheckAnswer[]>,
  streaming: boolean,
): Promise<Answered | undefined> {
  const outcomes: PlannedStepOutcome[] = [];
  const done = new Set<number>();
  for (;;) {
    const choice: PlannedChoice = await plan.next(outcomes);
    const index = choice.next;
    if (index === undefined || outcomes.length >= candidates.length) {
      return choice.answer === undefined ? undefined : answers.get(choice.answer);
    }
    if (!Number.isInteger(index) || index < 0 || index >= candidates.length || done.has(index)) {
      throw new RoutewiseError(`the policy's plan chose step ${String(index)}, which is not a step left to run`);
    }
    done.add(index);
    const step = candidates[index] as RouteStep;
    const checked = stepChecks(step).length > 0;
    // Only a stream asks whether the step is final (whether its deltas may go out live).
    const live = streaming && !checked && (plan.isFinal?.(outcomes, index) ?? false);
    const accepted = await runStep(index, step, false, live);
    const record = records.at(-1) as StepRecord;
    const answered = answers.get(index);
    const obtained = checkAnswers.get(index);
    outcomes.push({
      index,
      verdict: record.verdict,
      checked,
      ...(answered ? { answer: answered.answer } : {}),
      ...(obtained ? { checkAnswers: obtained } : {}),
    });
    if (accepted && checked) return answered;
  }
}

/** Runs a step's checks in order; the first rejection stops the rest. A check that throws rejects. */
async function runChecks(
  checks: ReadonlyArray<AcceptanceCheck>,
  answer: AcceptanceAnswer,
  base: { request: RouterRequest; stepIndex: number; spent: () => number; complete: CheckCall },
  record: (attempts: AttemptRecord[], costUsd: number | undefined, name: string) => number,
): Promise<{ accept: boolean; reason: string; records: CheckRecord[]; answers: CheckAnswer[] }> {
  const records: CheckRecord[] = [];
  const answers: CheckAnswer[] = [];
  if (checks.length === 0) return { accept: true, reason: 'no acceptance checks', records, answers };
  for (const check of checks) {
    const name = check.checkName ?? (check.name || 'check');
    const made: AttemptRecord[] = [];
    let aborted: ProviderError | undefined;
    // Whatever a check calls through the router is recorded, even if the check forgets to return it.
    const complete: CompleteThrough = async (alias, checkRequest) => {
      try {
        const result = await base.complete(alias, checkRequest, totalCostUsd(made));
        made.push(...result.attempts);
        return result;
      } catch (error) {
        made.push(...((error as { attempts?: AttemptRecord[] }).attempts ?? []));
        if (error instanceof ProviderError && error.kind === 'aborted') aborted ??= error;
        throw error;
      }
    };
    let verdict: Verdict;
    try {
      const context = { request: base.request, stepIndex: base.stepIndex, spentUsd: base.spent(), complete };
      verdict = await check(answer, context);
    } catch (error) {
      verdict = { accept: false, reason: `the check threw: ${firstLine((error as Error).message ?? String(error))}` };
    }
    for (const attempt of verdict.attempts ?? []) if (!made.includes(attempt)) made.push(attempt);
    if (Array.isArray(verdict.answers)) answers.push(...verdict.answers);
    const costUsd = record(made, verdict.costUsd, name);
    // The request was aborted during the check's call: whatever the check made of the failure (a judge rejects the
    // answer), the request ends as aborted rather than escalating or returning an answer.
    if (aborted) throw aborted;
    const entry: CheckRecord = { name, accept: verdict.accept === true, reason: String(verdict.reason ?? ''), costUsd };
    if (verdict.confidence !== undefined) entry.confidence = verdict.confidence;
    records.push(entry);
    if (!entry.accept) return { accept: false, reason: `${name}: ${entry.reason}`, records, answers };
  }
  return { accept: true, reason: records.map((r) => `${r.name}: ${r.reason}`).join('; '), records, answers };
}

/** Records attempts with their purpose and charges any reported cost beyond them; returns the total charged. */
function charge(
  attempts: AttemptRecord[],
  charges: ExtraCharge[],
  made: ReadonlyArray<AttemptRecord>,
  costUsd: number | undefined,
  source: string,
  tags: Pick<AttemptRecord, 'purpose' | 'step'>,
): number {
  tag(attempts, made, tags);
  const recorded = totalCostUsd(made);
  const extra = (costUsd ?? 0) - recorded;
  if (Number.isFinite(extra) && extra > 0) charges.push({ source, usd: extra });
  return Math.max(recorded, costUsd ?? 0);
}

function tag(
  attempts: AttemptRecord[],
  made: ReadonlyArray<AttemptRecord>,
  tags: Pick<AttemptRecord, 'purpose' | 'step'>,
) {
  for (const attempt of made) {
    attempt.purpose ??= tags.purpose;
    if (tags.step !== undefined) attempt.step ??= tags.step;
    attempts.push(attempt);
  }
}

function toAnswer(
  response: ChatResponse,
  target: Target,
  request: RouterRequest,
  checks: ReadonlyArray<AcceptanceCheck>,
): AcceptanceAnswer {
  let text = response.text;
  for (const check of checks) if (check.rewriteText) text = check.rewriteText(text);
  const answer: AcceptanceAnswer = {
    text,
    originalText: response.text,
    toolCalls: response.toolCalls,
    finishReason: response.finishReason,
    alias: target.alias,
    provider: target.providerName,
    model: target.model,
    usage: response.usage,
    warnings: response.warnings,
  };
  if (response.logprobs) answer.logprobs = response.logprobs;
  if (request.output) {
    const parsed = parseStructuredOutput(text, request.output);
    if (parsed.ok) answer.output = parsed.value;
    else answer.outputError = parsed.error;
  }
  return answer;
}

/** The step's targets: its alias, then its own fallbacks, else the alias's configured ones. */
function stepChain(step: Pick<RouteStep, 'model' | 'fallbacks'>, targets: ReadonlyMap<string, Target>): Target[] {
  const first = targets.get(step.model) as Target;
  const fallbacks = step.fallbacks ?? first.config.fallbacks ?? [];
  return [first, ...fallbacks.map((alias) => targets.get(alias) as Target)];
}

function withAttempts(error: BudgetExceededError, attempts: AttemptRecord[]): BudgetExceededError {
  error.attempts.splice(0, error.attempts.length, ...attempts);
  return error;
}

function budgetReason(error: BudgetExceededError): string {
  return (
    `worst case $${error.estimateUsd.toFixed(6)} on ${error.estimate.model} does not fit the remaining ` +
    `$${Math.max(0, error.limitUsd - error.spentUsd).toFixed(6)} of the $${error.limitUsd} budget`
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0] as string;
}

/** The dearest worst case among a chain's targets: a call may fall back to any of them. */
function chainWorstCaseUsd(request: RouterRequest, chain: Target[], defaultMaxOutputTokens: number): number {
  let worst = 0;
  for (const target of chain)
    worst = Math.max(worst, stepWorstCase(request, target, defaultMaxOutputTokens).estimateUsd);
  return worst;
}

/** The worst case of every call a step's checks announce (`plannedCalls`), each on the dearest of its chain. */
function plannedCheckCallsUsd(
  checks: ReadonlyArray<AcceptanceCheck>,
  request: RouterRequest,
  targets: ReadonlyMap<string, Target>,
  options: Pick<CascadeRunOptions, 'defaultMaxOutputTokens'>,
): number {
  let usd = 0;
  for (const check of checks) {
    for (const planned of check.plannedCalls?.(request) ?? []) {
      usd += chainWorstCaseUsd(
        planned.request,
        stepChain({ model: planned.alias }, targets),
        options.defaultMaxOutputTokens,
      );
    }
  }
  return usd;
}

function sumOf(reservations: ReadonlySet<{ usd: number }>): number {
  let usd = 0;
  for (const reservation of reservations) usd += reservation.usd;
  return usd;
}

import type { AcceptanceAnswer } from '../acceptance/acceptance-check.js';
import type { AgreeExtract } from '../acceptance/agree.js';
import { type AnswerKind, answerKey, detectAnswerKind } from '../acceptance/answer-key.js';
import { refusalOf } from '../acceptance/not-refusal.js';
import {
  answerPosteriors,
  type CascadeEstimates,
  type CascadeState,
  type CascadeStep,
  nextCascadeStep,
} from './cascade-routing-core.js';
import type {
  CascadeRoutingDecisionInfo,
  CascadeRoutingInfo,
  PlannedChoice,
  PlannedStepOutcome,
  StepPlan,
} from './policy.js';

/** What one request's cascade routing starts from (candidate order throughout). */
export interface CascadeRoutingSetup {
  names: readonly string[];
  aliases: readonly string[];
  estimates: CascadeEstimates;
  /** Expected cost per candidate in USD (shown in the route). */
  costUsd: readonly number[];
  lambda: number;
  maxCalls: number;
  extract: AgreeExtract;
  /** The task's learned answer kind, when known (else `auto` reads the first answer). */
  kind?: AnswerKind;
  /** Candidates left out from the start (their worst case alone exceeds the budget). */
  unavailable: readonly number[];
  predictor?: string;
}

/**
 * The comparison key cascade routing gives an answer (live, and in `calibrateLambda`'s replay of recorded answers):
 * none for a refusal, an answer cut at its cap, or no text; else its key of `kind`, which `auto` (`kind` undefined)
 * takes from the first answer that has one (`setKind` keeps it for the request's later answers).
 */
export function cascadeAnswerKey(
  answer: Pick<AcceptanceAnswer, 'text' | 'finishReason' | 'warnings'>,
  kind: AnswerKind | ((text: string) => string | undefined) | undefined,
  setKind: (kind: AnswerKind) => void,
): string | undefined {
  if (answer.finishReason === 'length' || answer.text.trim() === '' || refusalOf(answer) !== undefined)
    return undefined;
  if (kind === undefined) {
    kind = detectAnswerKind(answer.text);
    setKind(kind);
  }
  return typeof kind === 'function' ? kind(answer.text) : answerKey(answer.text, kind);
}

/** A key no answer can have: an answer that agrees with none seen so far. */
const FRESH = '\u0000fresh';

/**
 * One request's cascade routing as a step plan: the decision's steps are the candidates in `order` (the rule's first
 * pick first); after each outcome the answers seen so far are read into the rule's state (comparison keys; a
 * refusal or an answer cut at its cap has none; a check's rejection zeroes that answer's own odds; a failed or
 * skipped step cannot be called again) and `nextCascadeStep` says what next.
 */
export class CascadeRoutingPlan implements StepPlan {
  /** Candidate index of each step, in step order. */
  readonly order: number[];
  private readonly stepOf: number[];
  private readonly keys = new Map<number, string | undefined>();
  private kind: AnswerKind | ((text: string) => string | undefined) | undefined;
  private readonly decided: { state: CascadeState; step: CascadeStep }[] = [];
  private answer: number | undefined;

  constructor(private readonly setup: CascadeRoutingSetup) {
    if (typeof setup.extract === 'function') this.kind = setup.extract;
    else if (setup.extract !== 'auto') this.kind = setup.extract;
    else if (setup.kind) this.kind = setup.kind;
    const first = this.decide({ ran: [], keys: [], unavailable: setup.unavailable }).next ?? 0;
    this.order = [first, ...setup.names.map((_, c) => c).filter((c) => c !== first)];
    this.stepOf = [];
    this.order.forEach((c, s) => {
      this.stepOf[c] = s;
    });
  }

  next(outcomes: readonly PlannedStepOutcome[]): PlannedChoice {
    const state = this.state(outcomes);
    const step =
      state.ran.length >= this.setup.maxCalls ? { ...this.decide(state), next: undefined } : this.decide(state);
    this.record(state, step);
    this.answer = step.answer;
    const choice: PlannedChoice = {};
    if (step.next !== undefined) choice.next = this.stepOf[step.next]!;
    if (step.answer !== undefined) choice.answer = this.stepOf[step.answer]!;
    return choice;
  }

  /**
   * Certainly final: whatever candidate `index` answers — a key none of the others has, each key seen so far, or
   * none — the rule then stops and returns its answer. Keys count only through equality, so these cases are all.
   */
  isFinal(outcomes: readonly PlannedStepOutcome[], index: number): boolean {
    const state = this.state(outcomes);
    const lastCall = state.ran.length + 1 >= this.setup.maxCalls;
    return this.stopsOn(state, this.order[index]!, [undefined, FRESH, ...new Set(state.keys)], lastCall);
  }

  info(answered?: number): CascadeRoutingInfo {
    const answer = answered === undefined ? this.answer : this.order[answered];
    const { names, aliases, estimates, costUsd, lambda, predictor } = this.setup;
    const kind = typeof this.kind === 'function' ? 'custom' : this.kind;
    return {
      ...(predictor ? { predictor } : {}),
      lambda,
      ...(kind ? { kind } : {}),
      candidates: names.map((name, c) => ({
        name,
        alias: aliases[c]!,
        prior: estimates.quality[c]!,
        costUsd: costUsd[c]!,
        cost: estimates.cost[c]!,
        ...(this.setup.unavailable.includes(c) ? { overBudget: true } : {}),
      })),
      decisions: this.decided.map((d) => this.describe(d)),
      ...(answer !== undefined ? { answer: names[answer]! } : {}),
    };
  }

  private decide(state: CascadeState): CascadeStep {
    return nextCascadeStep(state, this.setup.estimates, this.setup.lambda);
  }

  private stopsOn(state: CascadeState, c: number, keys: (string | undefined)[], lastCall: boolean): boolean {
    return keys.every((key) => {
      const after: CascadeState = {
        ran: [...state.ran, c],
        keys: [...state.keys, key],
        factors: [...(state.factors ?? []), 1],
        unavailable: state.unavailable ?? [],
      };
      const step = this.decide(after);
      return (lastCall || step.next === undefined) && step.answer === c;
    });
  }

  /** The rule's state after these outcomes. */
  private state(outcomes: readonly PlannedStepOutcome[]): CascadeState & { keys: (string | undefined)[] } {
    const ran: number[] = [];
    const keys: (string | undefined)[] = [];
    const factors: number[] = [];
    const unavailable = [...this.setup.unavailable];
    for (const outcome of outcomes) {
      const c = this.order[outcome.index]!;
      if (!outcome.answer) {
        unavailable.push(c);
        continue;
      }
      ran.push(c);
      keys.push(this.keyOf(c, outcome.answer));
      factors.push(outcome.verdict === 'rejected' ? 0 : 1);
      // A check's answers from other candidates (agree()'s) are evidence, already paid for: those candidates are not
      // called again. They cannot be returned (no step answered them), so their own odds are 0.
      for (const other of outcome.checkAnswers ?? []) {
        const o = this.setup.aliases.findIndex((alias, i) => alias === other.alias && !ran.includes(i));
        if (o < 0 || unavailable.includes(o)) continue;
        ran.push(o);
        keys.push(this.keyOf(o, other));
        factors.push(0);
      }
    }
    return { ran, keys, factors, unavailable };
  }

  /** An answer's comparison key (once per candidate); the first answer with text fixes the kind under `auto`. */
  private keyOf(c: number, answer: Pick<AcceptanceAnswer, 'text' | 'finishReason' | 'warnings'>): string | undefined {
    if (this.keys.has(c)) return this.keys.get(c);
    const key = cascadeAnswerKey(answer, this.kind, (kind) => {
      this.kind = kind;
    });
    this.keys.set(c, key);
    return key;
  }

  /** Keeps a decision for `info()`, which builds its detail only when the route is reported. */
  private record(state: CascadeState, step: CascadeStep): void {
    this.decided.push({ state, step });
  }

  private describe({ state, step }: { state: CascadeState; step: CascadeStep }): CascadeRoutingDecisionInfo {
    const { names } = this.setup;
    const posteriors = answerPosteriors(state, this.setup.estimates);
    const decision: CascadeRoutingDecisionInfo = {
      after: state.ran.map((c) => names[c]!),
      posteriors: Object.fromEntries(state.ran.map((c, a) => [names[c]!, posteriors[a]!])),
      keys: Object.fromEntries(state.ran.map((c, a) => [names[c]!, state.keys[a] ?? null])),
    };
    if (step.next !== undefined) decision.next = names[step.next]!;
    if (step.answer !== undefined) decision.answer = names[step.answer]!;
    return decision;
  }
}

import type { ReasoningEffort, ReasoningSetting } from './spec/request.js';
import { InvalidRequestError } from '../errors.js';

/**
 * Effort → thinking-token budget, for providers that take a budget (Anthropic `thinking.budget_tokens`,
 * Gemini `thinkingBudget`). `none` turns thinking off.
 *
 * | effort  | budget tokens |
 * |---------|---------------|
 * | none    | 0             |
 * | minimal | 1024          |
 * | low     | 2048          |
 * | medium  | 8192          |
 * | high    | 24576         |
 */
export const EFFORT_TO_BUDGET: Readonly<Record<ReasoningEffort, number>> = {
  none: 0,
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 24576,
};

/**
 * Budget → effort, for providers that take only an effort level (OpenAI `reasoning_effort`):
 * the smallest effort whose budget in `EFFORT_TO_BUDGET` covers the requested budget.
 *
 * | budget tokens     | effort  |
 * |-------------------|---------|
 * | 0                 | none    |
 * | 1 – 1024          | minimal |
 * | 1025 – 2048       | low     |
 * | 2049 – 8192       | medium  |
 * | above 8192        | high    |
 */
export function budgetToEffort(budgetTokens: number): ReasoningEffort {
  if (budgetTokens <= 0) return 'none';
  if (budgetTokens <= EFFORT_TO_BUDGET.minimal) return 'minimal';
  if (budgetTokens <= EFFORT_TO_BUDGET.low) return 'low';
  if (budgetTokens <= EFFORT_TO_BUDGET.medium) return 'medium';
  return 'high';
}

/** The thinking-token budget a reasoning setting stands for. */
export function reasoningBudget(setting: ReasoningSetting): number {
  return 'budgetTokens' in setting ? setting.budgetTokens : EFFORT_TO_BUDGET[setting.effort];
}

/** The effort level a reasoning setting stands for. */
export function reasoningEffort(setting: ReasoningSetting): ReasoningEffort {
  return 'effort' in setting ? setting.effort : budgetToEffort(setting.budgetTokens);
}

/** The share of the output cap that thinking must always leave to the visible answer. */
export const MIN_ANSWER_SHARE = 0.25;

/** The smallest visible answer, in tokens, that thinking must always leave (when the cap allows that much). */
export const MIN_ANSWER_TOKENS = 256;

/**
 * The visible-answer floor under a cap that covers thinking and answer: 25% of the cap, at least 256 tokens,
 * never more than the cap itself.
 */
export function answerFloor(cap: number): number {
  return Math.min(cap, Math.max(MIN_ANSWER_TOKENS, Math.ceil(cap * MIN_ANSWER_SHARE)));
}

/** What `fitThinkingBudget` needs: the provider's name and smallest budget, the cap, and the request's reasoning. */
export interface ThinkingBudgetFit {
  /** Provider name for messages, e.g. `Gemini`. */
  provider: string;
  /** The output cap that thinking and answer share. */
  cap: number;
  /** The request's reasoning setting (its budget must be above 0). */
  reasoning: ReasoningSetting;
  /** The smallest thinking budget the provider accepts once thinking is on. */
  minBudget: number;
}

/**
 * The thinking budget to send so that the answer keeps `answerFloor(cap)` tokens: the requested budget, raised to
 * the provider's minimum, then lowered to `cap − floor` (each change explained in `warnings`). When even the minimum
 * does not fit, the request cannot be served as asked: `InvalidRequestError` on `reasoning`, naming the cap it needs.
 */
export function fitThinkingBudget(fit: ThinkingBudgetFit): { budget: number; warnings: string[] } {
  const { provider, cap, minBudget } = fit;
  const requested = Math.floor(reasoningBudget(fit.reasoning));
  const floor = answerFloor(cap);
  const room = cap - floor;
  const asked = 'effort' in fit.reasoning ? `effort ${fit.reasoning.effort} (${requested} tokens)` : `${requested}`;
  if (room < minBudget) {
    throw new InvalidRequestError([
      {
        path: 'reasoning',
        message:
          `thinking budget ${asked} does not fit maxOutputTokens ${cap}: ${provider} needs at least ${minBudget} ` +
          `thinking tokens and the answer keeps at least ${floor} (${MIN_ANSWER_SHARE * 100}% of the cap, ` +
          `at least ${MIN_ANSWER_TOKENS}); raise maxOutputTokens to ${minCapFor(minBudget)} or more, ` +
          `or send reasoning: { effort: 'none' }`,
      },
    ]);
  }
  const warnings: string[] = [];
  let budget = requested;
  if (budget < minBudget) {
    warnings.push(`thinking budget ${asked} raised to ${provider}'s minimum of ${minBudget}`);
    budget = minBudget;
  }
  if (budget > room) {
    warnings.push(
      `thinking budget ${asked} lowered to ${room} so the answer keeps at least ${floor} of maxOutputTokens ${cap}`,
    );
    budget = room;
  }
  return { budget, warnings };
}

/** The smallest cap that leaves room for `budget` thinking tokens above the answer's floor. */
function minCapFor(budget: number): number {
  let cap = budget + MIN_ANSWER_TOKENS;
  while (cap - answerFloor(cap) < budget) cap += 1;
  return cap;
}

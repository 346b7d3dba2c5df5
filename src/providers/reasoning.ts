import type { ReasoningEffort, ReasoningSetting } from './spec/request.js';

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

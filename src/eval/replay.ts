import type { EvalRow } from './dataset.js';
import type { CurvePoint } from './metrics/curve-point.js';
import type { Route } from './policies/policy.js';

/** Running sums of one sweep parameter's routes over the rows scored so far. */
export interface RouteTotals {
  /** Rows routed. */
  rows: number;
  /** Sum of the answering model's quality. */
  quality: number;
  /** Sum of the cost of every call. */
  costUsd: number;
  /** Rows that called the strong model. */
  strongCalls: number;
}

/** Empty totals. */
export function emptyTotals(): RouteTotals {
  return { rows: 0, quality: 0, costUsd: 0, strongCalls: 0 };
}

/**
 * Adds the outcomes of `routes` on `rows` (same order) to `totals`: the last call answers, every call is charged,
 * and so is each row's `overheadUsd` (what deciding its route cost), when given.
 */
export function addRoutes(
  totals: RouteTotals,
  rows: readonly EvalRow[],
  routes: readonly Route[],
  models: readonly string[],
  strong: number,
  overheadUsd?: readonly number[],
): void {
  for (let i = 0; i < rows.length; i++) {
    const route = routes[i]!;
    const outcomes = rows[i]!.outcomes;
    totals.rows++;
    const answer = answerOf(route);
    // A route with no answer (a replayed router that failed the request) scores 0, as the caller got nothing.
    if (answer !== NO_ANSWER) totals.quality += outcomes[models[answer]!]!.quality;
    if (overheadUsd) totals.costUsd += overheadUsd[i] ?? 0;
    for (const m of route) totals.costUsd += outcomes[models[m]!]!.costUsd;
    if (route.includes(strong)) totals.strongCalls++;
  }
}

/** The model whose answer a route returns: its `answer` when set (a cascade that kept an earlier answer), else the last. */
export function answerOf(route: Route): number {
  return (route as AnsweredRoute).answer ?? route[route.length - 1]!;
}

/** The `answer` of a route that returned nothing (a replayed router's request failed): quality 0, its calls charged. */
export const NO_ANSWER = -1;

/** A route whose answer is not the last call's (cascade routing, agreement checks): `answer` names the model. */
export type AnsweredRoute = readonly number[] & { readonly answer?: number };

/** A route calling `called` in order and returning `answer`'s answer. */
export function answeredRoute(called: readonly number[], answer: number): AnsweredRoute {
  return Object.assign([...called], { answer });
}

/** The curve point of totals; `strongCostUsd` is what always calling the strong model costs on the same rows. */
export function toPoint(param: number, totals: RouteTotals, strongCostUsd: number): CurvePoint {
  return {
    param,
    quality: totals.quality / totals.rows,
    costUsd: totals.costUsd,
    costShare: strongCostUsd > 0 ? totals.costUsd / strongCostUsd : 0,
    strongShare: totals.strongCalls / totals.rows,
  };
}

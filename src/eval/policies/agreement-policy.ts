import type { EvalRow } from '../dataset.js';
import { liveAgreementRoutes } from '../recorded/agreement-routes.js';
import type { EvalPolicy, PolicyContext } from './policy.js';

/**
 * `agree({ models: partners })` replayed on recorded answers: every query calls the weak model; when its answer has
 * something to compare, the partners are "called" too (their recorded answers and costs), and when all of them give
 * the weak answer's key it is accepted; otherwise the query escalates to the strong model. Every call is charged, as
 * live. The kind compared is `agree`'s `auto`: what the weak answer looks like. The live `agree()` runs it, in a
 * cascade through a router answered by `recordedProvider` (`liveAgreementRoutes`). A single operating point.
 */
export function agreementPolicy(partners: (context: PolicyContext, rows: readonly EvalRow[]) => number[]): EvalPolicy {
  return {
    name: 'agree(next 2 cheapest)',
    sweep: 'none',
    params: [0],
    async fit(split, context) {
      const routes = await liveAgreementRoutes(split.test, context, partners(context, split.train));
      return { routes: () => routes };
    },
  };
}

/** The `count` cheapest models by mean training cost, other than the weak and the strong model. */
export function cheapestPartners(count: number) {
  return (context: PolicyContext, rows: readonly EvalRow[]): number[] => {
    const mean = context.models.map((m) => rows.reduce((sum, row) => sum + row.outcomes[m]!.costUsd, 0));
    return context.models
      .map((_, i) => i)
      .filter((i) => i !== context.weak && i !== context.strong)
      .sort((a, b) => mean[a]! - mean[b]!)
      .slice(0, count);
  };
}

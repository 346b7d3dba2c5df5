import type { EvalRow } from '../dataset.js';
import { answeredRoute } from '../replay.js';
import type { EvalPolicy, PolicyContext, Route } from './policy.js';
import { RecordedKeys } from './recorded-keys.js';

/**
 * `agree({ models: partners })` replayed on recorded answers: every query calls the weak model; when its answer has
 * something to compare, the partners are "called" too (their recorded answers and costs), and when all of them give
 * the weak answer's key it is accepted; otherwise the query escalates to the strong model. Every call is charged, as
 * live. The kind compared is `agree`'s `auto`: what the weak answer looks like. A single operating point.
 */
export function agreementPolicy(partners: (context: PolicyContext, rows: readonly EvalRow[]) => number[]): EvalPolicy {
  return {
    name: 'agree(next 2 cheapest)',
    sweep: 'none',
    params: [0],
    fit(split, context) {
      const with_ = partners(context, split.train);
      const keys = new RecordedKeys([], context.models);
      const { weak, strong } = context;
      const routes: Route[] = split.test.map((row) => {
        const kind = keys.kindOf(row, weak);
        const own = keys.key(row, weak, kind);
        if (own === undefined) return [weak, strong];
        const agreed = with_.every((m) => keys.key(row, m, kind) === own);
        return agreed ? answeredRoute([weak, ...with_], weak) : answeredRoute([weak, ...with_, strong], strong);
      });
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

import { chooseByLambda } from './choose-by-lambda.js';
import { type EvalPolicy, LAMBDA_GRID, type Route, SHARE_GRID } from './policy.js';

/**
 * The oracle: routes with hindsight of every recorded outcome. With two models it sends at most the `share` of rows
 * to the strong model, those where it gains most over the weak, and only rows where it gains (RouteLLM's optimal
 * curve, `get_optimal_accuracy`: strong bonus = min(strong calls, rows the strong model alone gets right)); with more, each row goes to the model maximizing
 * its own quality − λ × cost (cost in units of the strong model's mean cost), swept over λ.
 */
export function oraclePolicy(modelCount: number): EvalPolicy {
  if (modelCount === 2) {
    return {
      name: 'oracle',
      sweep: 'strong share',
      params: SHARE_GRID,
      fit(split, context) {
        const [w, s] = [context.models[context.weak]!, context.models[context.strong]!];
        const gains = split.test.map((row) => row.outcomes[s]!.quality - row.outcomes[w]!.quality);
        // Among equal gains, the row where the strong call costs least extra goes first.
        const ranking = split.test.map((row, i) => {
          const extraCost = row.outcomes[s]!.costUsd - row.outcomes[w]!.costUsd;
          return gains[i]! - 1e-9 * Math.tanh(extraCost);
        });
        const weak = [context.weak];
        const strong = [context.strong];
        const order = ranking.map((_, i) => i).sort((a, b) => ranking[b]! - ranking[a]! || a - b);
        return {
          routes(share) {
            // At most the allowed share: floor(share × n) calls, never rounded up past it.
            const calls = Math.floor(share * order.length + 1e-9);
            const routes: Route[] = split.test.map(() => weak);
            for (const row of order.slice(0, calls)) if (gains[row]! > 0) routes[row] = strong;
            return routes;
          },
        };
      },
    };
  }
  return {
    name: 'oracle',
    sweep: 'lambda',
    params: LAMBDA_GRID,
    fit(split, context) {
      const strongModel = context.models[context.strong]!;
      const unit =
        split.test.reduce((sum, row) => sum + row.outcomes[strongModel]!.costUsd, 0) / split.test.length || 1;
      const quality = split.test.map((row) => context.models.map((m) => row.outcomes[m]!.quality));
      const cost = split.test.map((row) => context.models.map((m) => row.outcomes[m]!.costUsd / unit));
      return { routes: (lambda) => quality.map((q, i) => [chooseByLambda(q, cost[i]!, lambda)]) };
    },
  };
}

import { chooseByLambda } from './choose-by-lambda.js';
import { type EvalPolicy, LAMBDA_GRID, SHARE_GRID } from './policy.js';
import { shareSweep } from './share-sweep.js';

/**
 * The oracle: routes with hindsight of every recorded outcome. With two models it sends the `share` of rows where the
 * strong model gains most over the weak (RouteLLM's optimal curve); with more, each row goes to the model maximizing
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
        const gains = split.test.map((row) => {
          const gain = row.outcomes[s]!.quality - row.outcomes[w]!.quality;
          const extraCost = row.outcomes[s]!.costUsd - row.outcomes[w]!.costUsd;
          return gain - 1e-9 * Math.tanh(extraCost);
        });
        const weak = [context.weak];
        const strong = [context.strong];
        return {
          routes: shareSweep(
            gains,
            context.seed,
            () => weak,
            () => strong,
          ),
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

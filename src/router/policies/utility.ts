import { lazySchema } from '../../core/lazy-zod.js';
import { ConfigError } from '../../errors.js';
import { toValidationIssues } from '../../core/zod-issues.js';
import type { OnBudget, RoutingPolicy } from './policy.js';
import {
  pickCandidate,
  resolveUtilityTier,
  type UtilityTier,
  utilityTierAliases,
  utilityTierFields,
  utilityTierIssues,
} from './utility-tier.js';

/** Options of `utility()`: a set of candidate models, a quality predictor and λ. */
export interface UtilityOptions extends UtilityTier {
  /** A step whose worst case does not fit the remaining budget: `skip` to the next (default) or `fail`. */
  onBudget?: OnBudget;
  /** Name shown in `res.route`. Default `utility`. */
  name?: string;
}

const utilitySchema = lazySchema((z) =>
  z
    .object({
      ...utilityTierFields(),
      onBudget: z.enum(['skip', 'fail']).optional(),
      name: z.string().min(1).optional(),
    })
    .strict(),
);

/**
 * RouterBench's predictive router, live: per request the predictor estimates each candidate's chance of answering
 * well, and the candidate maximizing predicted quality − λ × cost answers (cost = its worst case for this request
 * over the dearest candidate's). Its acceptance checks, when rejected, escalate to the candidates of higher predicted
 * quality (unless `escalate: false`). `res.route.utility` shows the predictions, λ, costs, utilities and the pick.
 * Options are checked here: a bad one raises `ConfigError` with its path.
 */
export function utility(options: UtilityOptions): RoutingPolicy {
  const parsed = utilitySchema().safeParse(options);
  if (!parsed.success) throw new ConfigError(toValidationIssues(parsed.error, 'utility'));
  const tier = resolveUtilityTier(options);
  const issues = utilityTierIssues(tier, 'utility');
  if (issues.length > 0) throw new ConfigError(issues);
  const onBudget = options.onBudget ?? 'skip';
  return {
    name: options.name ?? 'utility',
    aliases: utilityTierAliases(tier, ''),
    async decide(request, context) {
      const { steps, utility: info } = await pickCandidate(tier, request, context);
      return { tier: 'default', steps, utility: info, onBudget };
    },
  };
}

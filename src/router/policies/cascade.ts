import { lazySchema } from '../../core/lazy-zod.js';
import type { ClassifierResult, DifficultyClassifier } from '../../classifiers/types.js';
import { ConfigError, RoutewiseError, type ValidationIssue } from '../../errors.js';
import type { AttemptRecord } from '../attempt.js';
import { lastUserText } from '../last-user-text.js';
import { toValidationIssues } from '../../core/zod-issues.js';
import { defaultThresholds, pickTier } from './pick-tier.js';
import type { RouterRequest } from '../request.js';
import type { OnBudget, PolicyContext, RouteDecision, RouteStep, RoutingPolicy } from './policy.js';
import { routeStepSchema, stepAliases } from './route-step-schema.js';
import {
  isUtilityTier,
  pickCandidate,
  type ResolvedUtilityTier,
  resolveUtilityTier,
  type UtilityTier,
  utilityTierAliases,
  utilityTierIssues,
  utilityTierSchema,
} from './utility-tier.js';

/** A classifier's result when scoring cost money (an LLM classifier): charged to the request. */
export interface CostedClassifierResult extends ClassifierResult {
  /** What scoring cost, in USD. */
  costUsd?: number;
  /** The classifier's provider attempts, recorded with the request's. */
  attempts?: AttemptRecord[];
}

/** Options of `cascade()`. */
export interface CascadeOptions {
  /** Scores the request's last user message (with `metadata.feature` as the task); required with two or more tiers. */
  classifier?: DifficultyClassifier;
  /**
   * Tiers, weakest first (object key order), each an ordered list of steps or a set of candidate models picked per
   * request by predicted quality − λ × cost (`{ candidates, predictor, lambda, escalate? }`, as `utility()` takes).
   * Tier names must not be numbers.
   */
  tiers: Record<string, RouteStep[] | UtilityTier>;
  /**
   * Ascending thresholds in [0, 1], one fewer than the tiers (a number for two tiers); `Infinity` (what `calibrate`
   * returns when no query needs the stronger tier) sends nothing past it. Default evenly spaced (0.5 for two).
   */
  thresholds?: number | number[];
  /** A step whose worst case does not fit the remaining budget: `skip` to the next (default) or `fail`. */
  onBudget?: OnBudget;
  /** Name shown in `res.route`. Default `cascade`. */
  name?: string;
}

const schemas = lazySchema((z) => {
  const classifierSchema = z.custom<DifficultyClassifier>(
    (value) =>
      typeof value === 'object' && value !== null && typeof (value as DifficultyClassifier).classify === 'function',
    { message: 'must be a difficulty classifier, e.g. heuristic() or learned()' },
  );

  const stepListSchema = z.array(routeStepSchema()).min(1, 'a tier needs at least one step');

  /** A tier: a list of steps, or a set of candidates. Checked by its kind, so errors point inside it (a union's would not). */
  const tierSchema = z.unknown().superRefine((tier, ctx) => {
    const schema = Array.isArray(tier)
      ? stepListSchema
      : typeof tier === 'object' && tier !== null
        ? utilityTierSchema()
        : undefined;
    if (!schema) {
      ctx.addIssue({ code: 'custom', message: 'must be a list of steps or { candidates, predictor, lambda }' });
      return;
    }
    const parsed = schema.safeParse(tier);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  });

  /** A score threshold: in [0, 1], or `Infinity` (a calibration that sends nothing to the stronger tier). */
  const thresholdSchema = z.union([z.number().min(0).max(1), z.literal(Number.POSITIVE_INFINITY)], {
    message: 'must be a number in [0, 1], or Infinity (nothing goes to the stronger tier)',
  });

  const cascadeSchema = z
    .object({
      classifier: classifierSchema.optional(),
      tiers: z
        .record(z.string(), tierSchema)
        .refine((tiers) => Object.keys(tiers).length > 0, 'configure at least one tier'),
      thresholds: z.union([thresholdSchema, z.array(thresholdSchema)]).optional(),
      onBudget: z.enum(['skip', 'fail']).optional(),
      name: z.string().min(1).optional(),
    })
    .strict();
  return { cascadeSchema };
});

const cascadeSchema = () => schemas().cascadeSchema;

/**
 * A cost-aware cascade: the classifier scores the request and the score picks a tier (two tiers: score ≥ threshold
 * → the stronger; more: ascending thresholds); the router then runs the tier's steps in order until one's answer
 * passes its acceptance checks. A tier of candidates first picks its model by predicted quality − λ × cost. Options are checked here: a bad one raises `ConfigError` with its path.
 */
export function cascade(options: CascadeOptions): RoutingPolicy {
  const parsed = cascadeSchema().safeParse(options);
  if (!parsed.success) throw new ConfigError(toValidationIssues(parsed.error, 'cascade'));
  const tierNames = Object.keys(options.tiers);
  const thresholds =
    options.thresholds === undefined
      ? defaultThresholds(tierNames.length)
      : typeof options.thresholds === 'number'
        ? [options.thresholds]
        : options.thresholds;
  const utilityTiers = new Map<string, ResolvedUtilityTier>();
  for (const tier of tierNames) {
    const given = options.tiers[tier] as RouteStep[] | UtilityTier;
    if (isUtilityTier(given)) utilityTiers.set(tier, resolveUtilityTier(given));
  }
  checkTiers(options, tierNames, thresholds, utilityTiers);
  const classifier = options.classifier;
  const onBudget = options.onBudget ?? 'skip';
  const name = options.name ?? 'cascade';

  /** The tier's steps: as listed, or a utility pick among its candidates. */
  async function tierSteps(
    tier: string,
    request: RouterRequest,
    context: PolicyContext,
  ): Promise<Pick<RouteDecision, 'steps' | 'utility'>> {
    const candidates = utilityTiers.get(tier);
    if (!candidates) return { steps: options.tiers[tier] as RouteStep[] };
    return pickCandidate(candidates, request, context);
  }

  return {
    name,
    aliases: tierNames.flatMap((tier) => {
      const candidates = utilityTiers.get(tier);
      return candidates
        ? utilityTierAliases(candidates, `tiers.${tier}`)
        : stepAliases(options.tiers[tier] as RouteStep[], `tiers.${tier}`);
    }),
    async decide(request, context) {
      if (!classifier) {
        const tier = tierNames[0] as string;
        return { tier, ...(await tierSteps(tier, request, context)), onBudget };
      }
      const feature = request.metadata?.feature;
      // The classifier's own call (an LLM classifier's) is part of the request: same budget, same abort signal.
      const result = (await classifier.classify({
        prompt: lastUserText(request.messages),
        ...(feature !== undefined ? { task: feature } : {}),
        ...(request.budget ? { budget: request.budget } : {}),
        ...(context.signal ? { signal: context.signal } : {}),
        ...(request.metadata ? { metadata: request.metadata } : {}),
      })) as CostedClassifierResult;
      const { score } = result;
      if (typeof score !== 'number' || !(score >= 0 && score <= 1)) {
        throw new RoutewiseError(
          `classifier ${classifier.name} returned score ${String(score)}, not a number in [0, 1]`,
        );
      }
      const tier = pickTier(score, thresholds, tierNames);
      const decision: RouteDecision = {
        tier,
        ...(await tierSteps(tier, request, context)),
        classifier: { name: classifier.name, score },
        onBudget,
      };
      if (result.costUsd !== undefined) decision.costUsd = result.costUsd;
      if (result.attempts !== undefined) decision.attempts = result.attempts;
      return decision;
    },
  };
}

function checkTiers(
  options: CascadeOptions,
  tierNames: string[],
  thresholds: number[],
  utilityTiers: ReadonlyMap<string, ResolvedUtilityTier>,
): void {
  const issues: ValidationIssue[] = [];
  for (const [tier, candidates] of utilityTiers) issues.push(...utilityTierIssues(candidates, `cascade.tiers.${tier}`));
  for (const tier of tierNames) {
    // JavaScript puts integer-like keys first, whatever the order they were written in.
    if (/^(0|[1-9]\d*)$/.test(tier)) {
      issues.push({
        path: `cascade.tiers.${tier}`,
        message: 'tier names must not be numbers (key order is the tier order)',
      });
    }
  }
  if (tierNames.length > 1 && !options.classifier) {
    issues.push({ path: 'cascade.classifier', message: `is required to choose between ${tierNames.length} tiers` });
  }
  if (thresholds.length !== tierNames.length - 1 && tierNames.length > 1) {
    issues.push({
      path: 'cascade.thresholds',
      message: `needs ${tierNames.length - 1} threshold(s) for ${tierNames.length} tiers, got ${thresholds.length}`,
    });
  }
  for (let i = 1; i < thresholds.length; i++) {
    if ((thresholds[i] as number) <= (thresholds[i - 1] as number)) {
      issues.push({ path: `cascade.thresholds[${i}]`, message: 'thresholds must ascend (weakest tier first)' });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

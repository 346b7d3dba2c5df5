import { lazySchema } from '../../core/lazy-zod.js';
import type { LambdaCalibration } from '../../core/lambda-calibration.js';
import { pickByUtility } from '../../classifiers/pick-by-utility.js';
import type { QualityPredictor } from '../../classifiers/quality-predictor.js';
import { RoutewiseError, type ValidationIssue } from '../../errors.js';
import { lastUserText } from '../last-user-text.js';
import type { RouterRequest } from '../request.js';
import { joinPath } from '../../core/zod-issues.js';
import type { PolicyContext, RouteStep, UtilityCandidateInfo, UtilityInfo } from './policy.js';
import { aliasesOfStep, routeStepSchema } from './route-step-schema.js';

/**
 * A tier that is a set of candidate models rather than an ordered list of steps: per request, a quality predictor
 * estimates each candidate's chance of answering well and the candidate maximizing predicted quality − λ × cost runs
 * first (RouterBench's predictive router).
 */
export interface UtilityTier {
  /** Predicts each candidate's chance of answering well, keyed by candidate name (e.g. `learnedQuality({ model })`). */
  predictor: QualityPredictor;
  /** The candidates, keyed by the predictor's names: a step (alias, caps, checks, fallbacks) or just an alias. */
  candidates: Record<string, RouteStep | string>;
  /**
   * The price of quality, ≥ 0: quality points given up per unit of cost, the dearest candidate's worst case for the
   * request being 1. 0 picks the best predicted quality; larger values pick cheaper models. A `calibrateLambda()`
   * result works as is.
   */
  lambda: number | LambdaCalibration;
  /**
   * After the chosen candidate, run the candidates of higher predicted quality, next-best first, when its answer
   * fails its checks (default true). False: the chosen candidate only.
   */
  escalate?: boolean;
}

/** A utility tier with its candidates as steps and its λ as a number. */
export interface ResolvedUtilityTier {
  predictor: QualityPredictor;
  candidates: ReadonlyArray<{ name: string; step: RouteStep }>;
  lambda: number;
  escalate: boolean;
}

const schemas = lazySchema((z) => {
  const predictorSchema = z.custom<QualityPredictor>(
    (value) => typeof value === 'object' && value !== null && typeof (value as QualityPredictor).predict === 'function',
    { message: 'must be a quality predictor, e.g. learnedQuality({ model })' },
  );

  const utilityTierFields = {
    predictor: predictorSchema,
    candidates: z
      .record(z.string(), z.union([z.string().min(1), routeStepSchema()]))
      .refine((candidates) => Object.keys(candidates).length > 0, 'configure at least one candidate'),
    lambda: z.union([z.number().min(0), z.looseObject({ lambda: z.number().min(0) })], {
      error: 'must be a number ≥ 0 or a calibrateLambda() result',
    }),
    escalate: z.boolean().optional(),
  };

  const utilityTierSchema = z.object(utilityTierFields).strict();
  return { utilityTierFields, utilityTierSchema };
});

/** The fields of a utility tier, shared by `utility()` and `cascade()`'s candidate tiers. */
export const utilityTierFields = () => schemas().utilityTierFields;

/** Zod schema of a utility tier (a `cascade()` tier given as `{ candidates, predictor, lambda }`). */
export const utilityTierSchema = () => schemas().utilityTierSchema;

/** Whether a cascade tier is a set of candidates rather than a list of steps. */
export function isUtilityTier(tier: RouteStep[] | UtilityTier): tier is UtilityTier {
  return !Array.isArray(tier);
}

/** A (schema-valid) utility tier with string candidates made steps and a calibration's λ taken out. */
export function resolveUtilityTier(tier: UtilityTier): ResolvedUtilityTier {
  return {
    predictor: tier.predictor,
    candidates: Object.entries(tier.candidates).map(([name, step]) => ({
      name,
      step: typeof step === 'string' ? { model: step } : step,
    })),
    lambda: typeof tier.lambda === 'number' ? tier.lambda : tier.lambda.lambda,
    escalate: tier.escalate ?? true,
  };
}

/** Candidates the predictor says up front (`keys`) it does not predict, each at its path under `root`. */
export function utilityTierIssues(tier: ResolvedUtilityTier, root: string): ValidationIssue[] {
  const keys = tier.predictor.keys;
  if (!keys) return [];
  return tier.candidates
    .filter(({ name }) => !keys.includes(name))
    .map(({ name }) => ({
      path: joinPath(root, ['candidates', name]),
      message: `the predictor ${tier.predictor.name} predicts no "${name}" (it predicts: ${keys.join(', ')})`,
    }));
}

/** Every alias the tier's candidates name, each with its path under `root` (e.g. `candidates.nano.model`). */
export function utilityTierAliases(tier: ResolvedUtilityTier, root: string): Array<{ path: string; alias: string }> {
  return tier.candidates.flatMap(({ name, step }) => aliasesOfStep(step, joinPath(root, ['candidates', name])));
}

/**
 * Picks the candidate for one request: the predictor scores every candidate on the last user message (with
 * `metadata.feature` as the task); each candidate's cost is its worst case for this request (from the router, via
 * `context.estimateCostUsd`) over the dearest one's; the pick maximizes predicted − λ × cost (`pickByUtility`).
 * Candidates whose worst case alone exceeds `budget.maxUsd` are left out, unless every one does (the cascade's
 * `onBudget` then applies). The steps are the pick, then (with `escalate`) the candidates of higher predicted
 * quality, next-best first (ties: cheaper first).
 */
export async function pickCandidate(
  tier: ResolvedUtilityTier,
  request: RouterRequest,
  context: PolicyContext,
): Promise<{ steps: RouteStep[]; utility: UtilityInfo }> {
  const estimate = context.estimateCostUsd;
  if (!estimate) {
    throw new RoutewiseError(
      'a utility pick needs context.estimateCostUsd (the router provides it; pass one when calling decide() yourself)',
    );
  }
  const feature = request.metadata?.feature;
  const predictions = await tier.predictor.predict({
    prompt: lastUserText(request.messages),
    ...(feature !== undefined ? { task: feature } : {}),
  });
  const limitUsd = request.budget?.maxUsd;
  const scored = tier.candidates.map(({ name, step }) => {
    const predicted = predictions?.[name];
    if (typeof predicted !== 'number' || !(predicted >= 0 && predicted <= 1)) {
      throw new RoutewiseError(
        `quality predictor ${tier.predictor.name} returned ${String(predicted)} for candidate "${name}", ` +
          'not a number in [0, 1]',
      );
    }
    const costUsd = estimate(step, request);
    return { name, step, predicted, costUsd, overBudget: limitUsd !== undefined && costUsd > limitUsd };
  });
  const dearest = Math.max(...scored.map((c) => c.costUsd));
  const infos: UtilityCandidateInfo[] = scored.map(({ name, step, predicted, costUsd, overBudget }) => {
    const cost = dearest > 0 ? costUsd / dearest : 0;
    const info: UtilityCandidateInfo = {
      name,
      alias: step.model,
      predicted,
      costUsd,
      cost,
      utility: predicted - tier.lambda * cost,
    };
    if (overBudget) info.overBudget = true;
    return info;
  });
  const affordable = infos.filter((info) => !info.overBudget);
  const eligible = affordable.length > 0 ? affordable : infos;
  const chosen = pickByUtility(
    Object.fromEntries(eligible.map((info) => [info.name, info.predicted])),
    Object.fromEntries(eligible.map((info) => [info.name, info.cost])),
    tier.lambda,
  ).model;
  const chosenInfo = infos.find((info) => info.name === chosen) as UtilityCandidateInfo;
  const escalation = tier.escalate
    ? eligible
        .filter((info) => info.predicted > chosenInfo.predicted)
        .sort((a, b) => a.predicted - b.predicted || a.cost - b.cost || a.name.localeCompare(b.name))
        .map((info) => info.name)
    : [];
  const stepOf = new Map(scored.map(({ name, step }) => [name, step]));
  return {
    steps: [chosen, ...escalation].map((name) => stepOf.get(name) as RouteStep),
    utility: { predictor: tier.predictor.name, lambda: tier.lambda, candidates: infos, chosen, escalation },
  };
}

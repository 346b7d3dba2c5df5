import type { LambdaCalibration } from '../../core/lambda-calibration.js';
import type { QualityPredictor } from '../../classifiers/quality-predictor.js';
import { ConfigError, RoutewiseError, type ValidationIssue } from '../../errors.js';
import type { AgreeExtract } from '../acceptance/agree.js';
import { lastUserText } from '../last-user-text.js';
import type { RouterRequest } from '../request.js';
import { lazySchema } from '../../core/lazy-zod.js';
import { joinPath, toValidationIssues } from '../../core/zod-issues.js';
import { CascadeRoutingPlan, type CascadeRoutingSetup } from './cascade-routing-plan.js';
import type { AgreementRates, CascadeEstimates } from './cascade-routing-core.js';
import { CASCADE_ROUTING_FORMAT, type CascadeRoutingModel, cascadeEstimatesFor } from './cascade-routing-model.js';
import type { OnBudget, PolicyContext, RouteDecision, RouteStep, RoutingPolicy } from './policy.js';
import { aliasesOfStep, routeStepSchema } from './route-step-schema.js';

/** Options of `cascadeRouting()`: candidate models, where their quality estimates come from, and λ. */
export interface CascadeRoutingOptions {
  /** The candidates, keyed by name (the learned model's and the predictor's keys): a step or just an alias. */
  candidates: Record<string, RouteStep | string>;
  /**
   * What cascade routing learned from recorded outcomes (`trainCascadeRouting(data)`, or its saved JSON): each
   * candidate's mean quality and cost per task, how answers agree when right and wrong, what a second call gains.
   * Without it, answers update each other by `DEFAULT_AGREEMENT_RATES` and a second call's gain is its own quality.
   */
  learned?: CascadeRoutingModel;
  /**
   * Per-request quality of each candidate (e.g. `learnedQuality({ model })` over heads trained per model, the task
   * label as a feature). With `learned` too, the prior is the mean of the prediction and the task's learned mean.
   */
  predictor?: QualityPredictor;
  /**
   * The price of quality, ≥ 0, in quality points per unit of cost, the dearest candidate's expected cost for the
   * request being 1. 0 calls every model that can help; larger values stop earlier and call cheaper models. A
   * `calibrateLambda({ cascade, … })` result works as is.
   */
  lambda: number | LambdaCalibration;
  /** How answers are compared (as `agree()` does): a kind, `auto` (default) or your own key function. */
  extract?: AgreeExtract;
  /**
   * Output tokens a call is expected to write, priced with the estimated input for each candidate's expected cost:
   * one number, or one per candidate name. Default: the step's output cap (its worst case).
   */
  outputTokens?: number | Record<string, number>;
  /** At most this many calls per request (default: every candidate). */
  maxCalls?: number;
  /** A step whose worst case does not fit the remaining budget: `skip` it and decide again (default) or `fail`. */
  onBudget?: OnBudget;
  /** Name shown in `res.route`. Default `cascade-routing`. */
  name?: string;
}

/**
 * Agreement rates assumed without learned ones (`learned`): a right answer is matched by another model's 85% of the
 * time, a wrong one 35% (wrong answers of different models coincide, e.g. on multiple choice); an answer with no
 * key (a refusal, an answer cut at its cap) is right a third as often as its model's prior says.
 */
export const DEFAULT_AGREEMENT_RATES = { agreeIfRight: 0.85, agreeIfWrong: 0.35, noKeyFactor: 1 / 3 };

const schema = lazySchema((z) => {
  const predictorSchema = z.custom<QualityPredictor>(
    (value) => typeof value === 'object' && value !== null && typeof (value as QualityPredictor).predict === 'function',
    { message: 'must be a quality predictor, e.g. learnedQuality({ model })' },
  );

  return z
    .object({
      candidates: z
        .record(z.string(), z.union([z.string().min(1), routeStepSchema()]))
        .refine((candidates) => Object.keys(candidates).length > 0, 'configure at least one candidate'),
      learned: z
        .looseObject({ format: z.literal(CASCADE_ROUTING_FORMAT), models: z.array(z.string()) })
        .optional()
        .describe('trainCascadeRouting() output'),
      predictor: predictorSchema.optional(),
      lambda: z.union([z.number().min(0), z.looseObject({ lambda: z.number().min(0) })], {
        error: 'must be a number ≥ 0 or a calibrateLambda() result',
      }),
      extract: z
        .union([z.enum(['choice', 'number', 'yesno', 'code', 'text', 'auto']), z.custom<(text: string) => string>()])
        .optional(),
      outputTokens: z.union([z.number().int().min(1), z.record(z.string(), z.number().int().min(1))]).optional(),
      maxCalls: z.number().int().min(1).optional(),
      onBudget: z.enum(['skip', 'fail']).optional(),
      name: z.string().min(1).optional(),
    })
    .strict();
});

/**
 * Cascade routing (Dekoninck et al., "A Unified Approach to Routing and Cascading for LLMs", ICML 2025), live: per
 * request each candidate gets a prior quality (learned per task, and/or a predictor's) and an expected cost for this
 * request (estimated input tokens and expected output at its catalog price, over the dearest candidate's); the rule
 * of `cascade-routing-core` — the same the evaluator replays — calls the candidate of best expected gain − λ × cost,
 * and after each answer updates every answer's quality from their agreement (and refusals, answers cut at their cap)
 * and either calls one more or stops, returning the answer of best posterior. A candidate's acceptance checks, when
 * they pass, end the route with its answer; when they reject, its answer is not returned but still counts as
 * evidence. Every call is charged and listed in `res.route` (with `res.route.cascadeRouting`); a step that does not
 * fit the remaining budget is skipped and the rule decides again (or the request fails, per `onBudget`).
 */
export function cascadeRouting(options: CascadeRoutingOptions): RoutingPolicy {
  const parsed = schema().safeParse(options);
  if (!parsed.success) throw new ConfigError(toValidationIssues(parsed.error, 'cascadeRouting'));
  const candidates = Object.entries(options.candidates).map(([name, step]) => ({
    name,
    step: typeof step === 'string' ? { model: step } : step,
  }));
  const names = candidates.map((c) => c.name);
  const issues = optionIssues(options, names);
  if (issues.length > 0) throw new ConfigError(issues);
  const { learned, predictor } = options;
  const pick = learned ? names.map((name) => learned.models.indexOf(name)) : [];
  const lambda = typeof options.lambda === 'number' ? options.lambda : options.lambda.lambda;
  const outputTokens = names.map((name) =>
    typeof options.outputTokens === 'number' ? options.outputTokens : options.outputTokens?.[name],
  );
  const defaultRates = learned ? undefined : uniformRates(names.length);
  const onBudget = options.onBudget ?? 'skip';
  const setupBase = {
    names,
    aliases: candidates.map((c) => c.step.model),
    lambda,
    maxCalls: options.maxCalls ?? names.length,
    extract: options.extract ?? 'auto',
    ...(predictor ? { predictor: predictor.name } : {}),
  };

  return {
    name: options.name ?? 'cascade-routing',
    aliases: candidates.flatMap(({ name, step }) => aliasesOfStep(step, joinPath('', ['candidates', name]))),
    async decide(request: RouterRequest, context: PolicyContext): Promise<RouteDecision> {
      const estimate = context.estimateCostUsd;
      if (!estimate) {
        throw new RoutewiseError(
          'cascade routing needs context.estimateCostUsd (the router provides it; pass one when calling decide() yourself)',
        );
      }
      const task = request.metadata?.feature;
      const costUsd = candidates.map(({ step }, c) => {
        const expected = outputTokens[c];
        return estimate(step, request, expected === undefined ? undefined : { outputTokens: expected });
      });
      const dearest = Math.max(...costUsd);
      const cost = costUsd.map((usd) => (dearest > 0 ? usd / dearest : 0));
      const predicted = predictor ? await predictQuality(predictor, names, request, task) : undefined;
      const estimates: CascadeEstimates = learned
        ? cascadeEstimatesFor(learned, task, pick, cost, predicted)
        : { quality: predicted!, cost, rates: defaultRates! };
      // A candidate whose worst case alone exceeds the request's budget cannot run: left out unless every one is.
      const limitUsd = request.budget?.maxUsd;
      const over =
        limitUsd === undefined
          ? []
          : candidates.flatMap(({ step }, c) => (estimate(step, request) > limitUsd ? [c] : []));
      const setup: CascadeRoutingSetup = {
        ...setupBase,
        estimates,
        costUsd,
        unavailable: over.length < names.length ? over : [],
        ...(task !== undefined && learned?.answerKinds[task] ? { kind: learned.answerKinds[task] } : {}),
      };
      const plan = new CascadeRoutingPlan(setup);
      return {
        tier: 'default',
        steps: plan.order.map((c) => candidates[c]!.step),
        plan,
        onBudget,
      };
    },
  };
}

/** Learned rates of no information beyond `DEFAULT_AGREEMENT_RATES`, for `k` candidates. */
function uniformRates(k: number): AgreementRates {
  const grid = (p: number) => Array.from({ length: k }, () => new Array<number>(k).fill(p));
  return {
    agreeIfRight: grid(DEFAULT_AGREEMENT_RATES.agreeIfRight),
    agreeIfWrong: grid(DEFAULT_AGREEMENT_RATES.agreeIfWrong),
    noKeyFactor: new Array<number>(k).fill(DEFAULT_AGREEMENT_RATES.noKeyFactor),
  };
}

async function predictQuality(
  predictor: QualityPredictor,
  names: readonly string[],
  request: RouterRequest,
  task: string | undefined,
): Promise<number[]> {
  const predictions = await predictor.predict({
    prompt: lastUserText(request.messages),
    ...(task !== undefined ? { task } : {}),
  });
  return names.map((name) => {
    const value = predictions?.[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new RoutewiseError(
        `quality predictor ${predictor.name} returned ${String(value)} for candidate "${name}", not a number in [0, 1]`,
      );
    }
    return value;
  });
}

/** What the schema cannot say: a quality source, candidates the learned model and predictor know. */
function optionIssues(options: CascadeRoutingOptions, names: readonly string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!options.learned && !options.predictor) {
    issues.push({
      path: 'cascadeRouting',
      message: 'needs learned (trainCascadeRouting(data)) or predictor (e.g. learnedQuality({ model })), or both',
    });
  }
  for (const name of names) {
    if (options.learned && !options.learned.models.includes(name)) {
      issues.push({
        path: joinPath('cascadeRouting', ['candidates', name]),
        message: `the learned model has no "${name}" (it has: ${options.learned.models.join(', ')})`,
      });
    }
    const keys = options.predictor?.keys;
    if (keys && !keys.includes(name)) {
      issues.push({
        path: joinPath('cascadeRouting', ['candidates', name]),
        message: `the predictor ${options.predictor!.name} predicts no "${name}" (it predicts: ${keys.join(', ')})`,
      });
    }
  }
  if (typeof options.outputTokens === 'object' && options.outputTokens !== null) {
    for (const key of Object.keys(options.outputTokens)) {
      if (!names.includes(key)) {
        issues.push({ path: joinPath('cascadeRouting', ['outputTokens', key]), message: 'not a candidate' });
      }
    }
  }
  return issues;
}

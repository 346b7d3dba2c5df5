// `calibrateLambda`'s cascade form: λ for `cascadeRouting()`, picked by replaying the rule over recorded answers (each
// row's candidates answered as recorded, charged their recorded cost) at every λ of the grid.
import type { EvalDataset } from '../eval/dataset.js';
import type { AgreeExtract } from '../router/acceptance/agree.js';
import type { AnswerKind } from '../router/acceptance/answer-key.js';
import { type CascadeEstimates, runCascadeRouting } from '../router/policies/cascade-routing-core.js';
import {
  CASCADE_ROUTING_FORMAT,
  type CascadeRoutingModel,
  cascadeEstimatesFor,
  taskEstimates,
} from '../router/policies/cascade-routing-model.js';
import { cascadeAnswerKey } from '../router/policies/cascade-routing-plan.js';
import { joinPath } from '../core/zod-issues.js';
import { CalibrationIssues, checkConcurrency, isUnitNumber, pickTarget } from './calibrate-checks.js';
import { isEvalDataset } from './calibrate-examples.js';
import { LAMBDA_GRID, type LambdaCalibration, type LambdaTarget } from './calibrate-lambda-predictions.js';
import { DEFAULT_CALIBRATION_CONCURRENCY, mapLimited } from './calibrate-map-limited.js';
import type { QualityPredictor } from '../classifiers/quality-predictor.js';

/** The cascade routing `calibrateLambda({ cascade, … })` calibrates: what `cascadeRouting()` will be given. */
export interface CascadeToCalibrate {
  /** Its learned estimates (`trainCascadeRouting`), as the policy gets them. */
  learned: CascadeRoutingModel;
  /** Its predictor, when it has one (priors: the mean of the prediction and the task's learned mean). */
  predictor?: Pick<QualityPredictor, 'predict'> & { readonly name?: string };
  /** Its candidates' names (default every model of `learned`); each must have recorded outcomes in the data. */
  candidates?: readonly string[];
  /** Its `maxCalls` (default every candidate). */
  maxCalls?: number;
  /** Its `extract` (default `auto`). */
  extract?: AgreeExtract;
}

/** `calibrateLambda`'s cascade form. */
export type CalibrateLambdaCascadeInput = {
  /** The cascade routing to calibrate. */
  cascade: CascadeToCalibrate;
  /** Recorded outcomes with answers (`loadDataset`), the candidates among its models. */
  data: EvalDataset;
  /** Rows predicted at once by an asynchronous predictor (default 8). */
  concurrency?: number;
} & LambdaTarget;

/** A λ for `cascadeRouting()` and what it gives on the calibration data. */
export interface CascadeLambdaCalibration extends LambdaCalibration {
  /** Mean calls per query at that λ. */
  calls: number;
  /** The candidate whose always-call cost is the cost share's reference (best mean recorded quality). */
  reference: string;
}

const ROOT = 'calibrateLambda';

/**
 * Calibrates λ for `cascadeRouting()`: per row, the priors and costs the live policy would weigh (the task's learned
 * mean costs over the dearest candidate's: live, the request's expected costs, likewise with the dearest at 1), the
 * rule run over the recorded answers, scored with the recorded quality of the answer returned and charged the
 * recorded cost of every call. With `targetQuality`, the largest λ (cheapest) whose quality reaches it; with
 * `maxCostShare`, the smallest λ (best quality) whose cost share, against always calling the candidate of best mean
 * quality, stays within it. Bad input rejects with `ConfigError`, each issue with its path.
 */
export async function calibrateLambdaCascade(input: CalibrateLambdaCascadeInput): Promise<CascadeLambdaCalibration> {
  const { cascade, data } = checkInput(input);
  const { learned } = cascade;
  const names = [...(cascade.candidates ?? learned.models)];
  const pick = names.map((name) => learned.models.indexOf(name));
  const rows = data.rows;
  const predicted = cascade.predictor
    ? await mapLimited(rows, input.concurrency ?? DEFAULT_CALIBRATION_CONCURRENCY, async (row, r) =>
        checkPrediction(
          await cascade.predictor!.predict({
            prompt: row.prompt,
            ...(row.task !== undefined ? { task: row.task } : {}),
          }),
          names,
          cascade.predictor!,
          r,
        ),
      )
    : undefined;
  const estimates: CascadeEstimates[] = rows.map((row, r) => {
    const t = taskEstimates(learned, row.task);
    const usd = pick.map((i) => t.costUsd[i]!);
    const dearest = Math.max(...usd);
    const cost = usd.map((c) => (dearest > 0 ? c / dearest : 0));
    return cascadeEstimatesFor(learned, row.task, pick, cost, predicted?.[r]);
  });
  // Each row's keys, computed once: the kind fixed as live (extract, the task's learned kind, else the first answer).
  const extract = cascade.extract ?? 'auto';
  const keys = rows.map((row) => {
    let kind: AnswerKind | ((text: string) => string | undefined) | undefined =
      extract !== 'auto' ? extract : row.task !== undefined ? learned.answerKinds[row.task] : undefined;
    const cache = new Map<number, string | undefined>();
    return (c: number) => {
      if (cache.has(c)) return cache.get(c);
      const text = row.outcomes[names[c]!]!.response!;
      const key = cascadeAnswerKey({ text, finishReason: 'stop', warnings: [] }, kind, (detected) => {
        kind = detected;
      });
      cache.set(c, key);
      return key;
    };
  });
  const meanQuality = names.map((m) => rows.reduce((sum, row) => sum + row.outcomes[m]!.quality, 0) / rows.length);
  const reference = names.reduce((best, m, c) => (meanQuality[c]! > meanQuality[names.indexOf(best)]! ? m : best));
  const referenceCost = rows.reduce((sum, row) => sum + row.outcomes[reference]!.costUsd, 0);
  const maxCalls = cascade.maxCalls ?? names.length;

  const sweep = LAMBDA_GRID.map((lambda): CascadeLambdaCalibration => {
    let quality = 0;
    let cost = 0;
    let calls = 0;
    const counts: Record<string, number> = {};
    rows.forEach((row, r) => {
      const { called, answer } = runCascadeRouting(estimates[r]!, lambda, keys[r]!, maxCalls);
      const answered = names[answer]!;
      counts[answered] = (counts[answered] ?? 0) + 1;
      quality += row.outcomes[answered]!.quality;
      for (const c of called) cost += row.outcomes[names[c]!]!.costUsd;
      calls += called.length;
    });
    const n = rows.length;
    return {
      lambda,
      quality: quality / n,
      costShare: referenceCost > 0 ? cost / referenceCost : 0,
      shares: Object.fromEntries(Object.entries(counts).map(([m, count]) => [m, count / n])),
      calls: calls / n,
      reference,
      reached: true,
    };
  });
  if ('targetQuality' in input) {
    const hits = sweep.filter((point) => point.quality >= input.targetQuality - 1e-12);
    return hits.length > 0 ? hits[hits.length - 1]! : { ...bestOf(sweep, 'quality'), reached: false };
  }
  const hit = sweep.find((point) => point.costShare <= input.maxCostShare + 1e-12);
  return hit ?? { ...bestOf(sweep, 'cheapest'), reached: false };
}

/** The sweep's end closest to an unreachable target: its best quality, or its lowest cost share. */
function bestOf(sweep: readonly CascadeLambdaCalibration[], end: 'quality' | 'cheapest'): CascadeLambdaCalibration {
  return sweep.reduce((best, point) =>
    end === 'quality' ? (point.quality > best.quality ? point : best) : point.costShare < best.costShare ? point : best,
  );
}

/** Checks the cascade form; throws `ConfigError` listing every problem. */
function checkInput(input: CalibrateLambdaCascadeInput): { cascade: CascadeToCalibrate; data: EvalDataset } {
  const record = input as unknown as Record<string, unknown>;
  const issues = new CalibrationIssues();
  pickTarget(record, ['targetQuality', 'maxCostShare'], ROOT, issues);
  checkConcurrency(record.concurrency, ROOT, issues);
  const cascade = record.cascade as CascadeToCalibrate | undefined;
  const learned = cascade?.learned;
  if (typeof learned !== 'object' || learned === null || learned.format !== CASCADE_ROUTING_FORMAT) {
    issues.add(`${ROOT}.cascade.learned`, 'must be a trainCascadeRouting() result');
    issues.throwIfAny(ROOT);
  }
  const names = [...(cascade!.candidates ?? learned!.models)];
  names.forEach((name, i) => {
    if (!learned!.models.includes(name)) {
      issues.add(
        `${ROOT}.cascade.candidates[${i}]`,
        `the learned model has no "${name}" (it has: ${learned!.models.join(', ')})`,
      );
    }
  });
  if (cascade!.predictor !== undefined && typeof cascade!.predictor?.predict !== 'function') {
    issues.add(`${ROOT}.cascade.predictor`, 'must be a quality predictor ({ predict })');
  }
  const maxCalls = cascade!.maxCalls;
  if (maxCalls !== undefined && !(Number.isInteger(maxCalls) && maxCalls >= 1)) {
    issues.add(`${ROOT}.cascade.maxCalls`, `must be a whole number ≥ 1 (got ${String(maxCalls)})`);
  }
  const data = record.data;
  if (!isEvalDataset(data)) {
    issues.add(`${ROOT}.data`, 'must be an EvalDataset with recorded answers (loadDataset)');
  } else if (data.rows.length === 0) {
    issues.add(`${ROOT}.data.rows`, 'needs at least one row');
  } else {
    for (const name of names) {
      if (!data.models.includes(name)) {
        issues.add(`${ROOT}.data`, `no outcomes for candidate "${name}" (models: ${data.models.join(', ')})`);
        continue;
      }
      const missing = data.rows.findIndex((row) => typeof row.outcomes[name]?.response !== 'string');
      if (missing >= 0) {
        issues.add(
          joinPath(`${ROOT}.data.rows[${missing}].outcomes`, [name, 'response']),
          'missing: cascade routing compares recorded answers',
        );
      }
    }
  }
  issues.throwIfAny(ROOT);
  return { cascade: cascade!, data: data as EvalDataset };
}

/** A prediction must give every candidate a quality in [0, 1]. */
function checkPrediction(
  prediction: unknown,
  names: readonly string[],
  predictor: NonNullable<CascadeToCalibrate['predictor']>,
  row: number,
): number[] {
  const issues = new CalibrationIssues();
  const values = names.map((name) => {
    const value = (prediction as Record<string, unknown> | null | undefined)?.[name];
    if (!isUnitNumber(value)) {
      issues.add(
        `${ROOT}.cascade.predictor`,
        `${predictor.name ?? 'the predictor'} on data.rows[${row}]: predicted ${joinPath('', [name])} = ${String(value)}, not a number in [0, 1]`,
      );
    }
    return value as number;
  });
  issues.throwIfAny(ROOT);
  return values;
}

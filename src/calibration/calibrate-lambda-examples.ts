// Calibration data for `calibrateLambda`'s data form: recorded queries with every candidate's quality and cost.
import type { EvalDataset } from '../eval/dataset.js';
import { joinPath } from '../core/zod-issues.js';
import { type CalibrationIssues, isCost, isUnitNumber } from './calibrate-checks.js';
import { isEvalDataset } from './calibrate-examples.js';
import type { ClassifierInput } from '../classifiers/types.js';

/** One candidate model's recorded outcome on a calibration query. */
export interface LambdaCalibrationOutcome {
  /** Quality of its recorded answer, in [0, 1] (1 = correct on pass/fail data). */
  quality: number;
  /** What its call cost, in USD. */
  costUsd: number;
}

/** One recorded query for calibrating λ: its text and every candidate model's recorded outcome. */
export interface LambdaCalibrationExample {
  /** The query text, as the predictor will see it. */
  prompt: string;
  /** Task label (`metadata.feature` at run time), passed to the predictor. */
  task?: string;
  /** Outcome per candidate model; every example names the same models. */
  models: Readonly<Record<string, LambdaCalibrationOutcome>>;
}

/** λ calibration data: examples, or recorded outcomes from `loadDataset` (every model of it is a candidate). */
export type LambdaCalibrationData = readonly LambdaCalibrationExample[] | EvalDataset;

/** Checked λ calibration data. */
export interface LambdaCalibrationRows {
  /** The candidate models, in the first example's order. */
  models: string[];
  /** What the predictor reads, per row. */
  inputs: ClassifierInput[];
  /** Recorded quality per model, per row. */
  quality: Record<string, number>[];
  /** Recorded cost per model, per row. */
  costs: Record<string, number>[];
}

/**
 * Checks λ calibration data (examples or an `EvalDataset`); problems are recorded in `issues` with their paths
 * (`calibrateLambda.data[3].models.gpt4.quality`). Returns undefined when the data cannot be read at all.
 */
export function lambdaCalibrationRows(
  data: unknown,
  root: string,
  issues: CalibrationIssues,
): LambdaCalibrationRows | undefined {
  let examples: readonly LambdaCalibrationExample[];
  let rowPath: (row: number) => string;
  let outcomesKey: string;
  if (Array.isArray(data)) {
    examples = data;
    rowPath = (row) => `${root}.data[${row}]`;
    outcomesKey = 'models';
  } else if (isEvalDataset(data)) {
    examples = data.rows.map((row) => ({
      prompt: row.prompt,
      ...(row.task !== undefined ? { task: row.task } : {}),
      models: row.outcomes,
    }));
    rowPath = (row) => `${root}.data.rows[${row}]`;
    outcomesKey = 'outcomes';
  } else {
    issues.add(
      `${root}.data`,
      'must be an array of { prompt, task?, models: { [name]: { quality, costUsd } } } or an EvalDataset',
    );
    return undefined;
  }
  if (examples.length === 0) {
    issues.add(Array.isArray(data) ? `${root}.data` : `${root}.data.rows`, 'needs at least one example');
    return undefined;
  }
  const first = examples[0]?.models;
  const models = typeof first === 'object' && first !== null ? Object.keys(first) : [];
  const rows: LambdaCalibrationRows = { models, inputs: [], quality: [], costs: [] };
  examples.forEach((example, row) => {
    const path = rowPath(row);
    if (typeof example !== 'object' || example === null) {
      issues.add(path, 'must be an object');
      return;
    }
    if (typeof example.prompt !== 'string')
      issues.add(`${path}.prompt`, `must be a string (got ${typeof example.prompt})`);
    if (example.task !== undefined && typeof example.task !== 'string') {
      issues.add(`${path}.task`, `must be a string when given (got ${typeof example.task})`);
    }
    rows.inputs.push(
      example.task === undefined ? { prompt: example.prompt } : { prompt: example.prompt, task: example.task },
    );
    const outcomes = example.models;
    const outcomesPath = `${path}.${outcomesKey}`;
    if (typeof outcomes !== 'object' || outcomes === null || Object.keys(outcomes).length === 0) {
      issues.add(outcomesPath, 'must map each candidate model to its { quality, costUsd }');
      return;
    }
    const quality: Record<string, number> = {};
    const costs: Record<string, number> = {};
    for (const model of models) {
      const outcome = outcomes[model];
      const modelPath = joinPath(outcomesPath, [model]);
      if (outcome === undefined) {
        issues.add(modelPath, `missing: every example needs the same models as the first (${models.join(', ')})`);
        continue;
      }
      if (typeof outcome !== 'object' || outcome === null) {
        issues.add(modelPath, 'must be { quality, costUsd }');
        continue;
      }
      if (!isUnitNumber(outcome.quality)) {
        issues.add(`${modelPath}.quality`, `must be a number in [0, 1] (got ${String(outcome.quality)})`);
      }
      if (!isCost(outcome.costUsd)) {
        issues.add(`${modelPath}.costUsd`, `must be a finite number ≥ 0 (got ${String(outcome.costUsd)})`);
      }
      quality[model] = outcome.quality;
      costs[model] = outcome.costUsd;
    }
    for (const model of Object.keys(outcomes)) {
      if (!models.includes(model)) {
        issues.add(joinPath(outcomesPath, [model]), `not in the first example (models: ${models.join(', ')})`);
      }
    }
    rows.quality.push(quality);
    rows.costs.push(costs);
  });
  return rows;
}

// Calibration data for `calibrate`'s data form: recorded queries, checked and laid out as columns aligned by row.
import type { EvalDataset } from '../eval/dataset.js';
import { pickWeakStrong } from '../eval/pick-weak-strong.js';
import { joinPath } from '../core/zod-issues.js';
import { type CalibrationIssues, isCost, isUnitNumber } from './calibrate-checks.js';
import type { TierOutcomes } from './calibrate-scores.js';
import type { ClassifierInput } from '../classifiers/types.js';

/**
 * One recorded query for calibrating a two-tier threshold. `targetStrongShare` needs only the text;
 * `targetQuality` needs `weak` and `strong` on every example; `maxCostShare` needs `weakCostUsd` and `strongCostUsd`.
 */
export interface CalibrationExample {
  /** The query text, as the classifier will see it. */
  prompt: string;
  /** Task label (`metadata.feature` at run time), passed to the classifier. */
  task?: string;
  /** Quality of the weak tier's recorded answer, in [0, 1] (1 = correct on pass/fail data). */
  weak?: number;
  /** Quality of the strong tier's recorded answer, in [0, 1]. */
  strong?: number;
  /** What the weak tier's call cost, in USD (any unit works if both costs share it). */
  weakCostUsd?: number;
  /** What the strong tier's call cost, in USD. */
  strongCostUsd?: number;
}

/** Calibration data: examples, or recorded outcomes from `loadDataset` (the tiers are two of its models). */
export type CalibrationData = readonly CalibrationExample[] | EvalDataset;

/** The two models of an `EvalDataset` that stand for the tiers. */
export interface CalibrationTierModels {
  /** The model the weak tier calls. */
  weak: string;
  /** The model the strong tier calls. */
  strong: string;
}

/** Checked calibration data as columns aligned by row; outcomes and costs only when every row has them. */
export interface CalibrationColumns {
  /** What the classifier scores, per row. */
  inputs: ClassifierInput[];
  /** Each tier's recorded quality per row. */
  outcomes?: TierOutcomes;
  /** Each tier's cost per row. */
  costs?: { weak: number[]; strong: number[] };
  /** With an `EvalDataset`: the models used as the tiers. */
  models?: CalibrationTierModels;
}

type Field = 'prompt' | 'task' | 'weak' | 'strong' | 'weakCostUsd' | 'strongCostUsd';

/** What the target needs from every row. */
export interface CalibrationNeeds {
  outcomes: boolean;
  costs: boolean;
}

/**
 * Checks `data` (examples or an `EvalDataset`) and lays it out as columns. Problems are recorded in `issues` with
 * their paths (`calibrate.data[3].weak`, `calibrate.data.rows[3].outcomes.gpt4.quality`); returns undefined when the
 * data cannot be read at all.
 */
export function calibrationColumns(
  data: unknown,
  models: unknown,
  needs: CalibrationNeeds,
  root: string,
  issues: CalibrationIssues,
): CalibrationColumns | undefined {
  if (Array.isArray(data)) {
    if (models !== undefined)
      issues.add(`${root}.models`, 'only with an EvalDataset as data (examples name no models)');
    const path = (row: number, field: Field) => `${root}.data[${row}].${field}`;
    return checkColumns(data as CalibrationExample[], needs, path, `${root}.data`, issues);
  }
  if (!isEvalDataset(data)) {
    issues.add(
      `${root}.data`,
      'must be an array of { prompt, task?, weak?, strong?, … } or an EvalDataset (loadDataset)',
    );
    return undefined;
  }
  const tiers = tierModels(data, models, root, issues);
  if (!tiers) return undefined;
  const examples = data.rows.map(
    (row): CalibrationExample => ({
      prompt: row.prompt,
      ...(row.task !== undefined ? { task: row.task } : {}),
      weak: row.outcomes[tiers.weak]?.quality,
      strong: row.outcomes[tiers.strong]?.quality,
      weakCostUsd: row.outcomes[tiers.weak]?.costUsd,
      strongCostUsd: row.outcomes[tiers.strong]?.costUsd,
    }),
  );
  const fieldPath: Record<Field, string[]> = {
    prompt: ['prompt'],
    task: ['task'],
    weak: ['outcomes', tiers.weak, 'quality'],
    strong: ['outcomes', tiers.strong, 'quality'],
    weakCostUsd: ['outcomes', tiers.weak, 'costUsd'],
    strongCostUsd: ['outcomes', tiers.strong, 'costUsd'],
  };
  const path = (row: number, field: Field) => joinPath(`${root}.data.rows[${row}]`, fieldPath[field]);
  const columns = checkColumns(examples, needs, path, `${root}.data.rows`, issues);
  return columns && { ...columns, models: tiers };
}

/** Whether `value` looks like an `EvalDataset` (`{ models, rows }`). */
export function isEvalDataset(value: unknown): value is EvalDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as EvalDataset).models) &&
    Array.isArray((value as EvalDataset).rows)
  );
}

/** The dataset's tier models: as given, else the evaluator's choice (strong = best quality, weak = cheapest other). */
function tierModels(
  data: EvalDataset,
  models: unknown,
  root: string,
  issues: CalibrationIssues,
): CalibrationTierModels | undefined {
  if (models === undefined) {
    if (data.models.length < 2) {
      issues.add(`${root}.data.models`, `needs at least two models to pick the tiers from (got ${data.models.length})`);
      return undefined;
    }
    if (data.rows.length === 0) return { weak: data.models[0]!, strong: data.models[1]! };
    const { weak, strong } = pickWeakStrong(data.rows, data.models);
    return { weak: data.models[weak]!, strong: data.models[strong]! };
  }
  const given = models as Partial<CalibrationTierModels> | null;
  let ok = true;
  for (const tier of ['weak', 'strong'] as const) {
    const name = given?.[tier];
    if (typeof name !== 'string' || !data.models.includes(name)) {
      issues.add(
        `${root}.models.${tier}`,
        `${JSON.stringify(name)} is not a model of the data (models: ${data.models.join(', ')})`,
      );
      ok = false;
    }
  }
  if (ok && given!.weak === given!.strong) {
    issues.add(`${root}.models`, `weak and strong must be different models (both are "${given!.weak}")`);
    ok = false;
  }
  return ok ? (given as CalibrationTierModels) : undefined;
}

function checkColumns(
  examples: readonly CalibrationExample[],
  needs: CalibrationNeeds,
  path: (row: number, field: Field) => string,
  dataPath: string,
  issues: CalibrationIssues,
): CalibrationColumns | undefined {
  if (examples.length === 0) {
    issues.add(dataPath, 'needs at least one example');
    return undefined;
  }
  const inputs: ClassifierInput[] = [];
  const weak: number[] = [];
  const strong: number[] = [];
  const weakCost: number[] = [];
  const strongCost: number[] = [];
  let missingOutcomes = 0;
  let missingCosts = 0;
  examples.forEach((example, row) => {
    if (typeof example !== 'object' || example === null) {
      issues.add(`${dataPath}[${row}]`, 'must be an object');
      return;
    }
    if (typeof example.prompt !== 'string') {
      issues.add(path(row, 'prompt'), `must be a string (got ${typeof example.prompt})`);
    }
    if (example.task !== undefined && typeof example.task !== 'string') {
      issues.add(path(row, 'task'), `must be a string when given (got ${typeof example.task})`);
    }
    inputs.push(
      example.task === undefined ? { prompt: example.prompt } : { prompt: example.prompt, task: example.task },
    );
    const quality = (field: 'weak' | 'strong', column: number[]) =>
      readColumn(example, field, column, isUnitNumber, 'a number in [0, 1]', path(row, field), issues);
    const cost = (field: 'weakCostUsd' | 'strongCostUsd', column: number[]) =>
      readColumn(example, field, column, isCost, 'a finite number ≥ 0', path(row, field), issues);
    const hasWeak = quality('weak', weak);
    const hasStrong = quality('strong', strong);
    if (!(hasWeak && hasStrong)) missingOutcomes++;
    const hasWeakCost = cost('weakCostUsd', weakCost);
    const hasStrongCost = cost('strongCostUsd', strongCost);
    if (!(hasWeakCost && hasStrongCost)) missingCosts++;
  });
  if (needs.outcomes && missingOutcomes > 0) {
    reportMissing(examples, ['weak', 'strong'], 'targetQuality', path, dataPath, issues);
  }
  if (needs.costs && missingCosts > 0) {
    reportMissing(examples, ['weakCostUsd', 'strongCostUsd'], 'maxCostShare', path, dataPath, issues);
  }
  const columns: CalibrationColumns = { inputs };
  if (missingOutcomes === 0) columns.outcomes = { weak, strong };
  if (missingCosts === 0) columns.costs = { weak: weakCost, strong: strongCost };
  return columns;
}

/** Reads one numeric field into its column; records an issue when present but invalid. Returns whether it is usable. */
function readColumn(
  example: CalibrationExample,
  field: 'weak' | 'strong' | 'weakCostUsd' | 'strongCostUsd',
  column: number[],
  valid: (value: unknown) => boolean,
  expected: string,
  path: string,
  issues: CalibrationIssues,
): boolean {
  const value = example[field];
  if (value === undefined) return false;
  if (!valid(value)) {
    issues.add(path, `must be ${expected} (got ${String(value)})`);
    return false;
  }
  column.push(value);
  return true;
}

/** A field the target needs is missing: one line when no row has it, else the path of each row without it. */
function reportMissing(
  examples: readonly CalibrationExample[],
  fields: readonly [Field & keyof CalibrationExample, Field & keyof CalibrationExample],
  target: string,
  path: (row: number, field: Field) => string,
  dataPath: string,
  issues: CalibrationIssues,
): void {
  const needed = `${fields[0]} and ${fields[1]}`;
  if (examples.every((e) => e?.[fields[0]] === undefined && e?.[fields[1]] === undefined)) {
    issues.add(dataPath, `${target} needs ${needed} on every example; none has them`);
    return;
  }
  examples.forEach((example, row) => {
    for (const field of fields) {
      if (example?.[field] === undefined)
        issues.add(path(row, field), `missing: ${target} needs ${needed} on every example`);
    }
  });
}

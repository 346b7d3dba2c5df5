import { displayPath } from '../display-path.js';
import { EvalInputError } from '../eval-input-error.js';
import { type MissingScorePolicy, MissingScores } from './missing-scores.js';
import type { RawDataset, RawOutcome, RawRow } from './raw-dataset.js';
import { readCsv } from './read-csv.js';

const COST_SUFFIX = '|total_cost';
const RESPONSE_SUFFIX = '|model_response';

/**
 * Loads RouterBench's wide CSV: `prompt`, `eval_name` (the task), and per model a score column `<model>` (quality in
 * [0, 1]), `<model>|total_cost` (USD) and optionally `<model>|model_response`. The models are the columns that have a
 * `|total_cost` partner; other columns (`sample_id`, `oracle_model_to_route_to`, …) are kept as extra columns. A row
 * with an empty score or cost cell is dropped (noted), or an error with `missing: 'error'`.
 */
export function loadRouterbench(path: string, missing: MissingScorePolicy = 'drop'): RawDataset {
  const { header, records } = readCsv(path);
  for (const required of ['prompt', 'eval_name']) {
    if (!header.includes(required)) {
      throw new EvalInputError(`${path}: no "${required}" column (columns: ${header.slice(0, 12).join(', ')})`);
    }
  }
  const models = header.filter((column) => header.includes(column + COST_SUFFIX));
  if (models.length < 2) {
    throw new EvalInputError(
      `${path}: expected at least 2 models with "<model>" and "<model>${COST_SUFFIX}" columns, found ${models.length}`,
    );
  }
  const modelColumns = new Set(models.flatMap((m) => [m, m + COST_SUFFIX, m + RESPONSE_SUFFIX]));
  const rows: RawRow[] = [];
  const gaps = new MissingScores(missing);
  records.forEach((record, index) => {
    const line = index + 2;
    const gap = models.flatMap((m) => [m, m + COST_SUFFIX]).find((column) => record[column]!.trim() === '');
    if (gap !== undefined) {
      gaps.report(path, `row ${line}`, gap);
      return;
    }
    const row: RawRow = { prompt: record['prompt']!, task: record['eval_name']!, outcomes: {}, columns: {} };
    for (const column of header) {
      if (column !== 'prompt' && !modelColumns.has(column)) row.columns[column] = record[column]!;
    }
    for (const model of models) {
      const quality = number(record[model]!, path, line, model);
      const costUsd = number(record[model + COST_SUFFIX]!, path, line, model + COST_SUFFIX);
      const outcome: RawOutcome = { quality, costUsd };
      const response = record[model + RESPONSE_SUFFIX];
      if (response !== undefined) outcome.response = response;
      row.outcomes[model] = outcome;
    }
    rows.push(row);
  });
  const notes = [`read ${displayPath(path)} in RouterBench format: ${rows.length} rows, ${models.length} models`];
  const gapNote = gaps.note();
  if (gapNote) notes.push(gapNote);
  return { models, rows, notes };
}

function number(value: string, path: string, line: number, column: string): number {
  const parsed = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new EvalInputError(
      `${path}: row ${line}, column "${column}": expected a number, got "${value.slice(0, 40)}"`,
    );
  }
  return parsed;
}

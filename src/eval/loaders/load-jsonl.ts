import { displayPath } from '../display-path.js';
import { EvalInputError } from '../eval-input-error.js';
import { type MissingScorePolicy, MissingScores } from './missing-scores.js';
import type { RawDataset, RawOutcome, RawRow } from './raw-dataset.js';
import { readTextFile } from './read-text-file.js';

/**
 * Loads routewise's own format, one JSON object per line:
 * `{ "prompt": "…", "task"?: "…", "models": { "<name>": { "quality": 0.9, "costUsd"?: 0.0012,
 * "inputTokens"?: 812, "outputTokens"?: 95, "response"?: "…" } } }`.
 * `quality` is in [0, 1]; a model without `costUsd` is priced from its token counts (or estimated ones). Other
 * top-level string fields (e.g. `"source"`) become extra columns usable with `--group-column`. Every line must list
 * the same models. A model whose `quality` is null or absent has no score: the line is dropped (noted), or an error
 * with `missing: 'error'`.
 */
export function loadJsonl(path: string, missing: MissingScorePolicy = 'drop'): RawDataset {
  const rows: RawRow[] = [];
  const gaps = new MissingScores(missing);
  let models: string[] | undefined;
  const lines = readTextFile(path).split('\n');
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new EvalInputError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) throw new EvalInputError(`${where}: expected a JSON object`);
    if (typeof value['prompt'] !== 'string') throw new EvalInputError(`${where}: "prompt" must be a string`);
    if (value['task'] !== undefined && typeof value['task'] !== 'string') {
      throw new EvalInputError(`${where}: "task" must be a string`);
    }
    const entries = value['models'];
    if (!isObject(entries)) throw new EvalInputError(`${where}: "models" must be an object keyed by model name`);
    const names = Object.keys(entries);
    if (!models) {
      if (names.length < 2) throw new EvalInputError(`${where}: "models" must list at least 2 models`);
      models = names;
    } else if ([...names].sort().join('\n') !== [...models].sort().join('\n')) {
      throw new EvalInputError(
        `${where}: models ${names.join(', ')} differ from the first line's ${models.join(', ')}`,
      );
    }
    const row: RawRow = { prompt: value['prompt'], outcomes: {}, columns: {} };
    if (typeof value['task'] === 'string') row.task = value['task'];
    for (const [key, field] of Object.entries(value)) {
      if (key !== 'prompt' && key !== 'models' && typeof field === 'string') row.columns[key] = field;
    }
    const gap = names.find(
      (name) => isObject(entries[name]) && (entries[name] as Record<string, unknown>)['quality'] == null,
    );
    if (gap !== undefined) {
      gaps.report(path, `line ${index + 1}`, `models.${gap}.quality`);
      return;
    }
    for (const name of names) row.outcomes[name] = outcome(entries[name], `${where}: models.${name}`);
    rows.push(row);
  });
  if (!models) throw new EvalInputError(`${path}: no rows`);
  const notes = [`read ${displayPath(path)} in jsonl format: ${rows.length} rows, models ${models.join(', ')}`];
  const gapNote = gaps.note();
  if (gapNote) notes.push(gapNote);
  return { models, rows, notes };
}

function outcome(value: unknown, where: string): RawOutcome {
  if (!isObject(value)) throw new EvalInputError(`${where}: expected an object with "quality"`);
  const quality = value['quality'];
  if (typeof quality !== 'number' || !Number.isFinite(quality)) {
    throw new EvalInputError(`${where}.quality: expected a number in [0, 1]`);
  }
  const result: RawOutcome = { quality };
  for (const key of ['costUsd', 'inputTokens', 'outputTokens'] as const) {
    const field = value[key];
    if (field === undefined) continue;
    if (typeof field !== 'number' || !Number.isFinite(field) || field < 0) {
      throw new EvalInputError(`${where}.${key}: expected a non-negative number`);
    }
    result[key] = field;
  }
  if (value['response'] !== undefined) {
    if (typeof value['response'] !== 'string') throw new EvalInputError(`${where}.response: expected a string`);
    result.response = value['response'];
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

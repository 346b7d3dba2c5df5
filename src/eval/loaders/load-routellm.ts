import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { displayPath } from '../display-path.js';
import { EvalInputError } from '../eval-input-error.js';
import { findContaminatedPrompts } from './contaminated-prompts.js';
import { type MissingScorePolicy, MissingScores } from './missing-scores.js';
import type { RawDataset, RawRow } from './raw-dataset.js';
import { readCsv } from './read-csv.js';
import { isDirectory } from './read-text-file.js';

const RESPONSE_SUFFIX = '_response';
const BOOLEAN = /^(true|false|1|0)$/i;

/**
 * Loads RouteLLM's format: a CSV with `prompt` and one True/False column per model (optional `<model>_response` text
 * columns). `path` may be a directory: every `*.csv` in it (or, if none, in its subfolders) is read and each row gets a
 * `source` column (the file name without `.csv`), which also becomes the row's task. Prompts listed in a
 * `contaminated_prompts.jsonl` beside a file are dropped, as RouteLLM's own benchmarks do. A row with an empty model
 * cell has no score for that model: dropped (noted), or an error with `missing: 'error'`.
 */
export function loadRoutellm(path: string, missing: MissingScorePolicy = 'drop'): RawDataset {
  const directory = isDirectory(path);
  const files = directory ? findCsvFiles(path) : [path];
  if (files.length === 0) throw new EvalInputError(`${path}: no .csv files in this directory or its subfolders`);
  const notes: string[] = [];
  let models: string[] | undefined;
  const rows: RawRow[] = [];
  const contaminatedFiles = new Map<string, Set<string>>();
  let dropped = 0;
  const gaps = new MissingScores(missing);
  for (const file of files) {
    const { header, records } = readCsv(file);
    if (!header.includes('prompt')) {
      throw new EvalInputError(`${file}: no "prompt" column (columns: ${header.join(', ')})`);
    }
    const fileModels = modelColumns(header, records);
    if (fileModels.length < 2) {
      throw new EvalInputError(
        `${file}: expected at least 2 True/False model columns, found ${fileModels.length} (columns: ${header.join(', ')})`,
      );
    }
    if (!models) models = fileModels;
    else if (fileModels.join('\n') !== models.join('\n')) {
      throw new EvalInputError(`${file}: model columns ${fileModels.join(', ')} differ from ${models.join(', ')}`);
    }
    const contaminated = findContaminatedPrompts(file);
    if (contaminated) contaminatedFiles.set(contaminated.path, contaminated.prompts);
    const source = basename(file).replace(/\.csv$/i, '');
    for (const [index, record] of records.entries()) {
      const prompt = record['prompt']!;
      if (contaminated?.prompts.has(prompt)) {
        dropped++;
        continue;
      }
      const gap = fileModels.find((model) => record[model]!.trim() === '');
      if (gap !== undefined) {
        gaps.report(file, `row ${index + 2}`, gap);
        continue;
      }
      const row: RawRow = { prompt, outcomes: {}, columns: {} };
      for (const column of header) {
        if (column === 'prompt' || fileModels.includes(column) || isResponseColumn(column, fileModels)) continue;
        row.columns[column] = record[column]!;
      }
      if (directory) row.columns['source'] = source;
      const task = row.columns['task'] ?? row.columns['eval_name'] ?? (directory ? source : undefined);
      if (task !== undefined) row.task = task;
      for (const model of fileModels) {
        const outcome: RawRow['outcomes'][string] = { quality: /^(true|1)$/i.test(record[model]!) ? 1 : 0 };
        const response = record[model + RESPONSE_SUFFIX];
        if (response !== undefined) outcome.response = response;
        row.outcomes[model] = outcome;
      }
      rows.push(row);
    }
  }
  notes.push(`read ${files.length} file(s) in RouteLLM format: ${rows.length} rows, models ${models!.join(', ')}`);
  for (const contaminatedPath of contaminatedFiles.keys())
    notes.push(`contamination list: ${displayPath(contaminatedPath)}`);
  if (dropped > 0) notes.push(`dropped ${dropped} contaminated prompt(s)`);
  const gapNote = gaps.note();
  if (gapNote) notes.push(gapNote);
  return { models: models!, rows, notes };
}

function isResponseColumn(column: string, models: string[]): boolean {
  return column.endsWith(RESPONSE_SUFFIX) && models.includes(column.slice(0, -RESPONSE_SUFFIX.length));
}

/** Model columns: every column other than `prompt`, `source` and `*_response` whose non-empty values are all booleans. */
function modelColumns(header: string[], records: Record<string, string>[]): string[] {
  return header.filter((column) => {
    if (column === 'prompt' || column === 'source' || column.endsWith(RESPONSE_SUFFIX)) return false;
    let seen = false;
    for (const record of records) {
      const value = record[column]!.trim();
      if (value === '') continue;
      if (!BOOLEAN.test(value)) return false;
      seen = true;
    }
    return seen;
  });
}

function findCsvFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  const here = entries.filter((e) => e.isFile() && /\.csv$/i.test(e.name)).map((e) => join(dir, e.name));
  if (here.length > 0) return here;
  return entries.filter((e) => e.isDirectory()).flatMap((e) => findCsvFiles(join(dir, e.name)));
}

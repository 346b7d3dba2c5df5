import { closeSync, openSync, readSync } from 'node:fs';
import type { EvalDataset } from '../dataset.js';
import { displayPath } from '../display-path.js';
import { EvalInputError } from '../eval-input-error.js';
import { DEFAULT_PRICE_MAP, type PriceMap } from '../pricing/price-map.js';
import { resolveCosts } from '../pricing/resolve-costs.js';
import { type CatalogPrice, createTokenPricer } from '../pricing/token-pricer.js';
import { loadJsonl } from './load-jsonl.js';
import { loadRoutellm } from './load-routellm.js';
import { loadRouterbench } from './load-routerbench.js';
import { blankFieldWarnings } from './blank-field-warnings.js';
import type { MissingScorePolicy } from './missing-scores.js';
import type { RawDataset } from './raw-dataset.js';
import { isDirectory } from './read-text-file.js';

/** Input formats `routewise eval --format` accepts. */
export const EVAL_FORMATS = ['routellm', 'routerbench', 'jsonl'] as const;

/** One of `EVAL_FORMATS`. */
export type EvalFormat = (typeof EVAL_FORMATS)[number];

/** Options of `loadDataset`. */
export interface LoadDatasetOptions {
  /** Input format; detected from the path when omitted (directory or csv → routellm, `|total_cost` columns → routerbench, .jsonl → jsonl). */
  format?: EvalFormat;
  /** Model-to-price mapping for outcomes without a recorded cost (merged over `DEFAULT_PRICE_MAP`). */
  priceMap?: PriceMap;
  /** Catalog lookup (tests inject a fixed one). */
  catalog?: CatalogPrice;
  /** Output tokens assumed when neither a count nor a response is recorded (default 1). */
  defaultOutputTokens?: number;
  /** A row missing a model's score: `drop` it and say how many in the notes (default), or stop with an `error`. */
  missing?: MissingScorePolicy;
}

/**
 * Loads recorded outcomes in any supported format and prices every outcome. Rows missing a score are dropped (or
 * stop the load, per `missing`) alike in every format; empty prompts and task names are warned about.
 */
export function loadDataset(path: string, options: LoadDatasetOptions = {}): EvalDataset {
  const format = options.format ?? detectFormat(path);
  const raw = loadRaw(path, format, options.missing ?? 'drop');
  if (raw.rows.length === 0) throw new EvalInputError(`${path}: no rows to evaluate`);
  const warnings = blankFieldWarnings(raw.rows).map((warning) => `${displayPath(path)}: ${warning}`);
  if (warnings.length > 0) {
    raw.warnings = [...(raw.warnings ?? []), ...warnings];
    raw.notes.push(...warnings.map((warning) => `warning: ${warning}`));
  }
  const pricer = createTokenPricer({ ...DEFAULT_PRICE_MAP, ...options.priceMap }, options.catalog);
  const resolveOptions: Parameters<typeof resolveCosts>[1] = { pricer };
  if (options.defaultOutputTokens !== undefined) resolveOptions.defaultOutputTokens = options.defaultOutputTokens;
  return resolveCosts(raw, resolveOptions);
}

function loadRaw(path: string, format: EvalFormat, missing: MissingScorePolicy): RawDataset {
  switch (format) {
    case 'routellm':
      return loadRoutellm(path, missing);
    case 'routerbench':
      if (isDirectory(path)) throw new EvalInputError(`${path}: --format routerbench expects a CSV file`);
      return loadRouterbench(path, missing);
    case 'jsonl':
      if (isDirectory(path)) throw new EvalInputError(`${path}: --format jsonl expects a .jsonl file`);
      return loadJsonl(path, missing);
  }
}

/** Guesses the format of a path: directories and CSVs without `|total_cost` columns are RouteLLM's. */
export function detectFormat(path: string): EvalFormat {
  if (isDirectory(path)) return 'routellm';
  if (/\.jsonl?$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return firstLine(path).includes('|total_cost') ? 'routerbench' : 'routellm';
  throw new EvalInputError(`${path}: cannot tell the format from the name; pass --format routellm|routerbench|jsonl`);
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(65536);
    const bytes = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytes).toString('utf8').split('\n')[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

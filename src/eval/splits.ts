import type { EvalRow } from './dataset.js';
import { EvalInputError } from './eval-input-error.js';
import { seededRandom, shuffled } from './seeded-random.js';

/** Rows to train on and rows to score, never overlapping. */
export interface Split {
  /** Rows a policy may learn from. */
  train: EvalRow[];
  /** Rows the policy is scored on. */
  test: EvalRow[];
}

/** Options of `foldSplits`. */
export interface FoldOptions {
  /** Number of folds (≥ 2). */
  folds: number;
  /** Seed of the assignment (default 1). */
  seed?: number;
  /** Column whose value keeps rows together: all rows of one group land in the same fold. */
  groupColumn?: string;
}

/**
 * Assigns each row a fold in [0, folds). Without a group column rows are shuffled and dealt round-robin; with one,
 * groups are shuffled, then placed largest first into the fold with the fewest rows so far (whole groups stay together,
 * folds stay balanced). Deterministic for a seed.
 */
export function assignFolds(rows: readonly EvalRow[], options: FoldOptions): number[] {
  const { folds } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new EvalInputError(`--folds must be an integer ≥ 2 (got ${folds})`);
  if (rows.length < folds) throw new EvalInputError(`--folds ${folds}: only ${rows.length} rows`);
  const random = seededRandom(options.seed ?? 1);
  const fold = new Array<number>(rows.length).fill(0);
  if (options.groupColumn === undefined) {
    shuffled(
      rows.map((_, i) => i),
      random,
    ).forEach((row, k) => {
      fold[row] = k % folds;
    });
    return fold;
  }
  const column = options.groupColumn;
  const groups = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const key = row.columns[column] ?? (column === 'task' ? row.task : undefined);
    if (key === undefined) {
      const known = Object.keys(row.columns).join(', ') || 'none';
      throw new EvalInputError(`--group-column ${column}: row ${i + 1} has no such column (columns: ${known})`);
    }
    const members = groups.get(key);
    if (members) members.push(i);
    else groups.set(key, [i]);
  });
  if (groups.size < folds) {
    throw new EvalInputError(`--group-column ${column}: ${groups.size} group(s), fewer than --folds ${folds}`);
  }
  const order = shuffled([...groups.keys()], random);
  const rank = new Map(order.map((key, i) => [key, i]));
  order.sort((a, b) => groups.get(b)!.length - groups.get(a)!.length || rank.get(a)! - rank.get(b)!);
  const sizes = new Array<number>(folds).fill(0);
  for (const key of order) {
    let target = 0;
    for (let f = 1; f < folds; f++) if (sizes[f]! < sizes[target]!) target = f;
    for (const i of groups.get(key)!) fold[i] = target;
    sizes[target]! += groups.get(key)!.length;
  }
  return fold;
}

/** K train/test splits from a fold assignment: split k tests on fold k and trains on the others. */
export function foldSplits(rows: readonly EvalRow[], options: FoldOptions): Split[] {
  const fold = assignFolds(rows, options);
  return Array.from({ length: options.folds }, (_, k) => ({
    train: rows.filter((_, i) => fold[i] !== k),
    test: rows.filter((_, i) => fold[i] === k),
  }));
}

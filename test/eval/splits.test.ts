import { describe, expect, it } from 'vitest';
import type { EvalRow } from '../../src/eval/dataset.js';
import { EvalInputError } from '../../src/eval/eval-input-error.js';
import { assignFolds, foldSplits } from '../../src/eval/splits.js';

// 10 groups of uneven sizes (1..10 rows): 55 rows.
const rows: EvalRow[] = [];
for (let g = 1; g <= 10; g++) {
  for (let i = 0; i < g; i++) rows.push({ prompt: `g${g}-${i}`, outcomes: {}, columns: { source: `g${g}` } });
}

describe('fold assignment', () => {
  it('keeps every group in one fold and uses every fold', () => {
    const fold = assignFolds(rows, { folds: 3, groupColumn: 'source', seed: 7 });
    const foldOfGroup = new Map<string, Set<number>>();
    rows.forEach((row, i) => {
      const set = foldOfGroup.get(row.columns['source']!) ?? new Set();
      set.add(fold[i]!);
      foldOfGroup.set(row.columns['source']!, set);
    });
    for (const folds of foldOfGroup.values()) expect(folds.size).toBe(1);
    expect(new Set(fold)).toEqual(new Set([0, 1, 2]));
    // Largest-first into the smallest fold: sizes stay within the largest group of each other.
    const sizes = [0, 1, 2].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.reduce((a, b) => a + b)).toBe(55);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = assignFolds(rows, { folds: 5, seed: 3 });
    expect(assignFolds(rows, { folds: 5, seed: 3 })).toEqual(a);
    expect(assignFolds(rows, { folds: 5, seed: 4 })).not.toEqual(a);
    const sizes = [0, 1, 2, 3, 4].map((f) => a.filter((x) => x === f).length);
    expect(sizes).toEqual([11, 11, 11, 11, 11]);
  });

  it('splits never share rows and cover every row once as test', () => {
    const splits = foldSplits(rows, { folds: 4, groupColumn: 'source' });
    const tested = splits.flatMap((s) => s.test.map((r) => r.prompt));
    expect(tested.sort()).toEqual(rows.map((r) => r.prompt).sort());
    for (const s of splits) {
      const train = new Set(s.train.map((r) => r.columns['source']));
      for (const r of s.test) expect(train.has(r.columns['source'])).toBe(false);
      expect(s.train.length + s.test.length).toBe(55);
    }
  });

  it('refuses fewer groups than folds and an unknown column', () => {
    expect(() => assignFolds(rows, { folds: 11, groupColumn: 'source' })).toThrow(
      /10 group\(s\), fewer than --folds 11/,
    );
    expect(() => assignFolds(rows, { folds: 2, groupColumn: 'nope' })).toThrow(EvalInputError);
    expect(() => assignFolds(rows, { folds: 1 })).toThrow(/--folds must be an integer ≥ 2/);
  });
});

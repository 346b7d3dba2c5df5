import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EvalInputError } from '../../src/eval/eval-input-error.js';
import { loadDataset } from '../../src/eval/loaders/load-dataset.js';
import { parsePriceMap } from '../../src/eval/pricing/price-map.js';
import { captureCliIo } from '../helpers/capture-cli-io.js';

const gaps = join(import.meta.dirname, '../fixtures/eval/gaps');
const routellm = join(gaps, 'routellm-gaps.csv');
const routerbench = join(gaps, 'routerbench-gaps.csv');
const jsonl = join(gaps, 'gaps.jsonl');
const priceMap = parsePriceMap('weak-model=1/2,strong-model=10/30');
/** How reports name a file: relative to the working directory (the repository root under vitest). */
const shown = (path: string) => relative(process.cwd(), path);

describe('missing scores', () => {
  it('drops a RouteLLM row with an empty model cell, instead of scoring it as a wrong answer, and says so', () => {
    const data = loadDataset(routellm, { priceMap });
    // Rows 3 (no weak score) and 4 (no strong score) are left out; the row with an empty prompt is kept.
    expect(data.rows.map((r) => r.prompt)).toEqual(['What is 2+2?', '', 'Spell cat.']);
    expect(data.notes).toContain(
      `dropped 2 row(s) with a missing score (first: ${shown(routellm)}: row 3, column "weak-model"); --missing error stops instead`,
    );
  });

  it('drops a RouterBench row with an empty score or cost cell alike, instead of stopping the run', () => {
    const data = loadDataset(routerbench);
    expect(data.rows.map((r) => r.prompt)).toEqual(['What is 2+2?', 'Spell cat.']);
    expect(data.notes).toContain(
      `dropped 2 row(s) with a missing score (first: ${shown(routerbench)}: row 3, column "weak-model"); --missing error stops instead`,
    );
  });

  it('drops a jsonl line whose quality is null', () => {
    const data = loadDataset(jsonl);
    expect(data.rows.map((r) => r.prompt)).toEqual(['What is 2+2?', 'Spell cat.']);
    expect(data.notes.join('\n')).toContain(`dropped 1 row(s) with a missing score (first: ${shown(jsonl)}: line 2`);
  });

  it("stops at the first gap with missing: 'error', naming file, row and column, in every format", () => {
    for (const [path, where] of [
      [routellm, `${routellm}: row 3, column "weak-model"`],
      [routerbench, `${routerbench}: row 3, column "weak-model"`],
      [jsonl, `${jsonl}: line 2, column "models.weak-model.quality"`],
    ] as const) {
      const load = () => loadDataset(path, { priceMap, missing: 'error' });
      expect(load).toThrow(EvalInputError);
      expect(load).toThrow(`${where}: missing score (empty)`);
    }
  });

  it('warns about empty prompts and empty task names, keeping the rows', () => {
    expect(loadDataset(routellm, { priceMap }).warnings).toEqual([
      `${shown(routellm)}: 1 row(s) have an empty prompt (the first is data row 2)`,
    ]);
    const bench = loadDataset(routerbench);
    expect(bench.warnings).toEqual([
      `${shown(routerbench)}: 1 row(s) have an empty task name (the first is data row 2)`,
    ]);
    expect(bench.notes).toContain(
      `warning: ${shown(routerbench)}: 1 row(s) have an empty task name (the first is data row 2)`,
    );
  });

  it('routewise eval: --missing error exits 2 with the gap; --missing drop runs and warns on stderr', async () => {
    const failed = captureCliIo();
    const flags = ['--folds', '2', '--price-map', 'weak-model=1/2,strong-model=10/30'];
    expect(await main(['eval', '--data', routellm, ...flags, '--missing', 'error'], failed.io)).toBe(2);
    expect(failed.err()).toContain(`${routellm}: row 3, column "weak-model": missing score`);

    const ran = captureCliIo();
    expect(await main(['eval', '--data', routellm, ...flags, '--missing', 'drop'], ran.io)).toBe(0);
    expect(ran.err()).toContain(`warning: ${shown(routellm)}: 1 row(s) have an empty prompt`);
    expect(ran.out()).toContain('3 rows');

    const bad = captureCliIo();
    expect(await main(['eval', '--data', routellm, '--missing', 'skip'], bad.io)).toBe(2);
    expect(bad.err()).toContain('--missing: "skip" is not one of drop, error');
  });
});

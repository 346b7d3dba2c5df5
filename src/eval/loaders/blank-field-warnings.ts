import type { RawRow } from './raw-dataset.js';

/**
 * Warnings for rows whose prompt is empty (every classifier sees the same nothing, so they only add noise) or whose
 * task name is empty (per-task policies pool them under ""). The rows are kept: the scores are still real.
 */
export function blankFieldWarnings(rows: readonly RawRow[]): string[] {
  let prompts = 0;
  let firstPrompt = -1;
  let tasks = 0;
  let firstTask = -1;
  rows.forEach((row, i) => {
    if (row.prompt.trim() === '') {
      prompts += 1;
      if (firstPrompt < 0) firstPrompt = i;
    }
    if (row.task !== undefined && row.task.trim() === '') {
      tasks += 1;
      if (firstTask < 0) firstTask = i;
    }
  });
  const warnings: string[] = [];
  if (prompts > 0) warnings.push(`${prompts} row(s) have an empty prompt (the first is data row ${firstPrompt + 1})`);
  if (tasks > 0) warnings.push(`${tasks} row(s) have an empty task name (the first is data row ${firstTask + 1})`);
  return warnings;
}

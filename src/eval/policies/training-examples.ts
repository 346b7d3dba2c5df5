import type { EvalRow } from '../dataset.js';
import type { PolicyContext, TrainingExample } from './policy.js';

/** The strong-needed label of a row: 0.5 + (strong quality − weak quality) / 2, clamped to [0, 1]. */
export function strongNeededLabel(row: EvalRow, context: PolicyContext): number {
  const weak = row.outcomes[context.models[context.weak]!]!.quality;
  const strong = row.outcomes[context.models[context.strong]!]!.quality;
  return Math.min(1, Math.max(0, 0.5 + (strong - weak) / 2));
}

/** Training examples for a classifier factory from a split's training rows. */
export function trainingExamples(rows: readonly EvalRow[], context: PolicyContext): TrainingExample[] {
  const weakModel = context.models[context.weak]!;
  const strongModel = context.models[context.strong]!;
  return rows.map((row) => {
    const example: TrainingExample = {
      prompt: row.prompt,
      label: strongNeededLabel(row, context),
      weak: row.outcomes[weakModel]!.quality,
      strong: row.outcomes[strongModel]!.quality,
    };
    if (row.task !== undefined) example.task = row.task;
    return example;
  });
}

/** A row's task label as an optional field (absent when the row has none). */
export function taskOf(row: EvalRow): { task?: string } {
  return row.task === undefined ? {} : { task: row.task };
}

/** Each model's recorded quality on a row: the labels the multi-model policies learn from. */
export function qualities(row: EvalRow, models: readonly string[]): Record<string, number> {
  const labels: Record<string, number> = {};
  for (const m of models) labels[m] = row.outcomes[m]!.quality;
  return labels;
}

import type { EvalRow } from './dataset.js';

/** Prompts found in both the training and the test rows of a `--test` run. */
export interface TrainTestOverlap {
  /** Test rows whose prompt is also a training prompt. */
  rows: number;
  /** Test rows in all. */
  of: number;
  /** The first overlapping prompt, shortened for a message. */
  example?: string;
}

/** Whitespace-collapsed, trimmed, lower-cased: the same question copied between files still matches. */
function normalized(prompt: string): string {
  return prompt.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Test rows whose prompt also appears in the training rows (after collapsing whitespace and case). Such rows let a
 * learned policy score a question it was trained on, so its held-out figures are optimistic.
 */
export function trainTestOverlap(train: readonly EvalRow[], test: readonly EvalRow[]): TrainTestOverlap {
  const seen = new Set(train.map((row) => normalized(row.prompt)));
  let rows = 0;
  let example: string | undefined;
  for (const row of test) {
    if (!seen.has(normalized(row.prompt))) continue;
    rows++;
    example ??= row.prompt.length > 60 ? `${row.prompt.slice(0, 57)}...` : row.prompt;
  }
  return example === undefined ? { rows, of: test.length } : { rows, of: test.length, example };
}

/** The warning of an overlap, or undefined when there is none. */
export function overlapWarning(overlap: TrainTestOverlap): string | undefined {
  if (overlap.rows === 0) return undefined;
  return (
    `--test: ${overlap.rows} of ${overlap.of} test prompts also appear in the training data ` +
    `(first: ${JSON.stringify(overlap.example)}); figures of learned policies on them are not held out`
  );
}

import { displayPath } from '../display-path.js';
import { EvalInputError } from '../eval-input-error.js';

/** What the loaders do with a row missing a model's score (an empty cell, a null quality): drop it, or stop. */
export type MissingScorePolicy = 'drop' | 'error';

/** The values `--missing` accepts. */
export const MISSING_SCORE_POLICIES: readonly MissingScorePolicy[] = ['drop', 'error'];

/**
 * Collects the rows a loader drops for a missing score, so every format treats a gap alike (RouterBench's own
 * published CSVs have some): by default the row is dropped and the notes say how many; with `error` the first one
 * stops the load, naming the file, row and column.
 */
export class MissingScores {
  private dropped = 0;
  private first: string | undefined;

  constructor(private readonly policy: MissingScorePolicy = 'drop') {}

  /** Records a missing score in `path` at `at` (`row 7`, `line 3`) in `column`; throws when the policy is `error`. */
  report(path: string, at: string, column: string): void {
    if (this.policy === 'error') {
      throw new EvalInputError(
        `${path}: ${at}, column "${column}": missing score (empty); --missing error stops at the first such row ` +
          '(the default, --missing drop, leaves such rows out)',
      );
    }
    this.dropped += 1;
    this.first ??= `${displayPath(path)}: ${at}, column "${column}"`;
  }

  /** The note for the report, when rows were dropped. */
  note(): string | undefined {
    if (this.dropped === 0) return undefined;
    return `dropped ${this.dropped} row(s) with a missing score (first: ${this.first}); --missing error stops instead`;
  }
}

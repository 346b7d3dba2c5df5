import { type AnswerKind, answerKey, detectAnswerKind } from '../../router/acceptance/answer-key.js';
import type { EvalRow } from '../dataset.js';

/**
 * Comparison keys of recorded answers (the `|model_response` columns), as `agree()` computes them live: per task, the
 * kind of answer most recorded answers of that task look like in training (choice letters on ARC, code on MBPP), and
 * for a task never seen, the kind of the first answer looked at.
 */
export class RecordedKeys {
  private readonly kindByTask = new Map<string, AnswerKind>();
  private readonly cache = new WeakMap<EvalRow, Map<string, string | undefined>>();

  constructor(
    train: readonly EvalRow[],
    private readonly models: readonly string[],
  ) {
    const votes = new Map<string, Map<AnswerKind, number>>();
    for (const row of train) {
      if (row.task === undefined) continue;
      let tally = votes.get(row.task);
      if (!tally) {
        tally = new Map();
        votes.set(row.task, tally);
      }
      for (const m of models) {
        const text = row.outcomes[m]!.response;
        if (text === undefined) continue;
        const kind = detectAnswerKind(text);
        tally.set(kind, (tally.get(kind) ?? 0) + 1);
      }
    }
    for (const [task, tally] of votes) {
      const best = [...tally].sort((a, b) => b[1] - a[1])[0];
      if (best) this.kindByTask.set(task, best[0]);
    }
  }

  /** Per task seen in training, the kind of answer compared. */
  kinds(): Record<string, AnswerKind> {
    return Object.fromEntries(this.kindByTask);
  }

  /** The kind compared on a row, given the model answering first. */
  kindOf(row: EvalRow, first: number): AnswerKind {
    return (
      (row.task !== undefined ? this.kindByTask.get(row.task) : undefined) ??
      detectAnswerKind(row.outcomes[this.models[first]!]!.response ?? '')
    );
  }

  /** The key of model `m`'s recorded answer on `row`, compared as `kind`. */
  key(row: EvalRow, m: number, kind: AnswerKind): string | undefined {
    let keys = this.cache.get(row);
    if (!keys) {
      keys = new Map();
      this.cache.set(row, keys);
    }
    const id = `${kind}\u0000${m}`;
    if (keys.has(id)) return keys.get(id);
    const text = row.outcomes[this.models[m]!]!.response;
    const key = text === undefined ? undefined : answerKey(text, kind);
    keys.set(id, key);
    return key;
  }
}

// What `routewise train` does: retrain the learned classifier on recorded outcomes (any evaluator format), measure it
// on rows it never trained on (folds or a test set), then train the final model on all the rows.
import { heuristic } from '../classifiers/heuristic.js';
import { learned } from '../classifiers/learned.js';
import type { LearnedModel } from '../classifiers/learned-model.js';
import { apgr, cpt, rocAuc } from './metrics/routing-metrics.js';
import { type TrainLearnedOptions, trainLearned, trainLearnedTiers } from '../classifiers/train-learned.js';
import type { SyncDifficultyClassifier } from '../classifiers/sync-classifier.js';
import type { EvalDataset, EvalRow } from './dataset.js';
import { EvalInputError } from './eval-input-error.js';
import { pickWeakStrong } from './pick-weak-strong.js';
import { assignFolds } from './splits.js';

/** Held-out figures of one classifier's scores (RouteLLM's definitions; see docs/classifiers.md). */
export interface HeldOutFigures {
  /** ROC AUC against "the strong model was needed" (weak wrong, strong right); NaN when one class is absent. */
  auc: number;
  /** Average performance gap recovered; NaN when both models score the same on average. */
  apgr: number;
  /** Smallest strong share recovering 50% of the gap. */
  cpt50: number;
  /** Smallest strong share recovering 80% of the gap. */
  cpt80: number;
}

/** Options of `trainLearnedOnDataset`. */
export interface TrainOnDatasetOptions {
  /** Weak model name (default: the cheapest, as the evaluator picks it). */
  weak?: string;
  /** Strong model name (default: the best mean quality). */
  strong?: string;
  /** `tiers` (default, the shipped form: heads weak and strong) or `soft` (one head on (strong − weak + 1) / 2). */
  labels?: 'tiers' | 'soft';
  /** Training settings (defaults: learning rate 0.01, 6 epochs, L2 1e-4, 16-bit weights; seed from `seed`). */
  training?: TrainLearnedOptions;
  /** Held-out rows to score (train on `data`, score on `test`). */
  test?: EvalDataset;
  /** K-fold cross-validation when there is no `test` (default 5; 0 skips the held-out figures). */
  folds?: number;
  /** Column whose rows stay in one fold (e.g. `source`). */
  groupColumn?: string;
  /** Seed of folds and training (default 1). */
  seed?: number;
  /** Provenance stored in the model's `meta`. */
  meta?: Record<string, unknown>;
}

/** What `trainLearnedOnDataset` returns. */
export interface TrainOnDatasetResult {
  /** The model trained on every row of `data`: `learned({ model })`, or save it with `serializeLearnedModel`. */
  model: LearnedModel;
  /** The weak and strong model names the labels came from. */
  weakModel: string;
  /** See `weakModel`. */
  strongModel: string;
  /** How the held-out figures were made (`5 folds`, `test set`), when they were. */
  heldOutBy?: string;
  /** Held-out figures: the retrained classifier and, for comparison, `heuristic()`. */
  heldOut?: { learned: HeldOutFigures; heuristic: HeldOutFigures };
}

/** Learning rate, epochs and L2 of the shipped model (chosen on held-out APGR; see scripts/train-learned.ts). */
export const DEFAULT_TRAINING: TrainLearnedOptions = { learningRate: 0.01, epochs: 6, l2: 1e-4 };

function resolveModels(data: EvalDataset, options: TrainOnDatasetOptions): { weak: string; strong: string } {
  for (const flag of ['weak', 'strong'] as const) {
    const name = options[flag];
    if (name !== undefined && !data.models.includes(name)) {
      throw new EvalInputError(`--${flag}: "${name}" is not a model of the data (models: ${data.models.join(', ')})`);
    }
  }
  const picked = pickWeakStrong(data.rows, data.models);
  const weak = options.weak ?? data.models[picked.weak]!;
  let strong = options.strong ?? data.models[picked.strong]!;
  if (strong === weak && options.strong === undefined) {
    strong = data.models.find((m) => m !== weak)!;
  }
  if (strong === weak) throw new EvalInputError(`--weak and --strong name the same model ("${weak}")`);
  return { weak, strong };
}

/** Trains one model on rows, labelled from the weak and strong models' recorded qualities. */
function train(
  rows: readonly EvalRow[],
  weak: string,
  strong: string,
  labels: 'tiers' | 'soft',
  training: TrainLearnedOptions,
): LearnedModel {
  const examples = rows.map((row) => ({
    prompt: row.prompt,
    ...(row.task === undefined ? {} : { task: row.task }),
    weak: row.outcomes[weak]!.quality,
    strong: row.outcomes[strong]!.quality,
  }));
  if (labels === 'tiers') return trainLearnedTiers(examples, training);
  return trainLearned(
    examples.map((e) => ({ ...e, label: Math.min(1, Math.max(0, (e.strong - e.weak + 1) / 2)) })),
    training,
  );
}

/** Held-out figures of scores over rows, with the existing metric functions (`rocAuc`, `apgr`, `cpt`). */
function figures(rows: readonly EvalRow[], scores: readonly number[], weak: string, strong: string): HeldOutFigures {
  const w = rows.map((row) => row.outcomes[weak]!.quality);
  const s = rows.map((row) => row.outcomes[strong]!.quality);
  return {
    auc: rocAuc(
      scores,
      rows.map((_, i) => (1 - w[i]!) * s[i]!),
    ),
    apgr: apgr(scores, w, s),
    cpt50: cpt(scores, w, s, 0.5),
    cpt80: cpt(scores, w, s, 0.8),
  };
}

const scoresOf = (classifier: SyncDifficultyClassifier, rows: readonly EvalRow[]) =>
  rows.map((row) => classifier.classify(row).score);

/**
 * Retrains `learned()` on recorded outcomes: labels from the weak and strong models' qualities, held-out figures from
 * folds (or a test set) so no row is scored by a model that trained on it, then the final model on every row of
 * `data`. Bad input (unknown model, too few rows or groups for the folds) throws `EvalInputError`.
 */
export function trainLearnedOnDataset(data: EvalDataset, options: TrainOnDatasetOptions = {}): TrainOnDatasetResult {
  const { weak, strong } = resolveModels(data, options);
  const labels = options.labels ?? 'tiers';
  const seed = options.seed ?? 1;
  const training: TrainLearnedOptions = { ...DEFAULT_TRAINING, seed, ...options.training };
  const result: Omit<TrainOnDatasetResult, 'model'> = { weakModel: weak, strongModel: strong };
  const rule = heuristic();

  if (options.test) {
    for (const model of [weak, strong]) {
      if (!options.test.models.includes(model)) throw new EvalInputError(`--test: the data has no model "${model}"`);
    }
    const classifier = learned({ model: train(data.rows, weak, strong, labels, training) });
    const rows = options.test.rows;
    result.heldOutBy = 'test set';
    result.heldOut = {
      learned: figures(rows, scoresOf(classifier, rows), weak, strong),
      heuristic: figures(rows, scoresOf(rule, rows), weak, strong),
    };
  } else if ((options.folds ?? 5) > 0) {
    const k = options.folds ?? 5;
    const fold = assignFolds(data.rows, {
      folds: k,
      seed,
      ...(options.groupColumn === undefined ? {} : { groupColumn: options.groupColumn }),
    });
    const scores = new Array<number>(data.rows.length).fill(0);
    for (let f = 0; f < k; f++) {
      const classifier = learned({
        model: train(
          data.rows.filter((_, i) => fold[i] !== f),
          weak,
          strong,
          labels,
          training,
        ),
      });
      data.rows.forEach((row, i) => {
        if (fold[i] === f) scores[i] = classifier.classify(row).score;
      });
    }
    result.heldOutBy =
      options.groupColumn === undefined ? `${k} folds` : `${k} folds grouped by ${options.groupColumn}`;
    result.heldOut = {
      learned: figures(data.rows, scores, weak, strong),
      heuristic: figures(data.rows, scoresOf(rule, data.rows), weak, strong),
    };
  }

  const model = train(data.rows, weak, strong, labels, {
    ...training,
    meta: {
      weakModel: weak,
      strongModel: strong,
      labelling:
        labels === 'tiers'
          ? 'heads weak and strong: P(model right); score (1 + P(strong) - P(weak)) / 2'
          : 'one head on (strong - weak + 1) / 2',
      training: { ...DEFAULT_TRAINING, seed, ...options.training },
      ...(result.heldOut ? { heldOut: { by: result.heldOutBy, ...result.heldOut } } : {}),
      ...options.meta,
    },
  });
  return { model, ...result };
}

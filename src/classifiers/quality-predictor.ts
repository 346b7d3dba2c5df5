import { ConfigError } from '../errors.js';
import { type LearnedModel, predictHeads } from './learned-model.js';
import type { ClassifierInput } from './types.js';

/**
 * Predicts, for one query, each candidate model's chance of answering it well (RouterBench's predictive router).
 * The `utility()` policy and a `cascade()` tier of candidates pick the model maximizing predicted quality − λ × cost.
 */
export interface QualityPredictor {
  /** Name shown in routes and reports, e.g. `learned-quality`. */
  readonly name: string;
  /**
   * The keys `predict` returns, when known up front: `utility()` then checks at construction that every candidate
   * is predicted. Without it the check happens per request.
   */
  readonly keys?: readonly string[];
  /** Each candidate's predicted chance of answering well, in [0, 1], keyed by candidate name. */
  predict(input: ClassifierInput): Record<string, number> | Promise<Record<string, number>>;
}

/** Options of `learnedQuality()`. */
export interface LearnedQualityOptions {
  /** A multi-head learned model (`trainLearnedHeads`, or `loadLearnedModel` of saved JSON); head name = candidate. */
  model: LearnedModel;
  /** The heads to predict with (default all); the others are dropped once, so they cost nothing per query. */
  heads?: readonly string[];
  /** Name shown in `res.route.utility.predictor`. Default `learned-quality`. */
  name?: string;
}

/**
 * A quality predictor over a multi-head learned model: each head (one per candidate model, trained on whether that
 * model answered well) gives P(answers well). Runs in-process; the query's features are hashed once for all heads.
 */
export function learnedQuality(options: LearnedQualityOptions): QualityPredictor {
  const { model } = options;
  if (typeof model !== 'object' || model === null || !Array.isArray(model.heads) || model.heads.length === 0) {
    throw new ConfigError([
      { path: 'learnedQuality.model', message: 'must be a learned model with heads, e.g. trainLearnedHeads(rows)' },
    ]);
  }
  const available = model.heads.map((head) => head.name);
  const wanted = options.heads ?? available;
  const missing = wanted.flatMap((name, i) =>
    available.includes(name)
      ? []
      : [
          {
            path: `learnedQuality.heads[${i}]`,
            message: `no head "${name}" in the model (heads: ${available.join(', ')})`,
          },
        ],
  );
  if (missing.length > 0) throw new ConfigError(missing);
  // A model holding only the wanted heads: predictHeads then computes just those.
  const selected: LearnedModel =
    options.heads === undefined ? model : { ...model, heads: model.heads.filter((h) => wanted.includes(h.name)) };
  return {
    name: options.name ?? 'learned-quality',
    keys: selected.heads.map((head) => head.name),
    predict: (input) => predictHeads(selected, input),
  };
}

import type { DifficultyClassifier } from '../../classifiers/types.js';
import type { Split } from '../splits.js';
import type { RankedRoutes } from './share-sweep.js';

/** What every policy knows about the dataset it replays. */
export interface PolicyContext {
  /** Model names; routes index into this list. */
  models: readonly string[];
  /** Index of the weak model: the cheapest over the whole data (ties → better quality). */
  weak: number;
  /** Index of the strong model: the best mean quality over the whole data (ties → cheaper). */
  strong: number;
  /** Seed for anything random (tie-breaking, training shuffles). */
  seed: number;
}

/** The models one query calls, in order, as indices into `PolicyContext.models`; the last one answers. */
export type Route = readonly number[];

/** A policy fitted on a split's training rows, ready to route its test rows at any sweep parameter. */
export interface FittedPolicy {
  /** Routes of the test rows (one per row, in order) at one sweep parameter. */
  routes(param: number): Route[];
  /**
   * Cost per test row charged on top of its routed calls at every sweep parameter, in USD: what deciding cost (a
   * classifier that calls a model, a paid embedding).
   */
  overheadUsd?: readonly number[];
  /** The same per sweep parameter, when it differs between them (a replayed router per parameter); wins over `overheadUsd`. */
  overheadAt?(param: number): readonly number[];
  /** What the report's notes should say about this fit (failed requests of a replayed router). */
  notes?: readonly string[];
  /**
   * For a policy swept by strong share: its rows ranked by score. When every split's fit gives one, the runner cuts
   * all splits' rows at one threshold per share (`pooledShareSweep`) instead of calling `routes` per split.
   */
  ranked?: RankedRoutes;
}

/** A routing policy the evaluator replays: optionally trained per split, swept across `params`. */
export interface EvalPolicy {
  /** Name in reports. */
  readonly name: string;
  /** What the sweep parameter means (`strong share`, `λ`, or `none` for a single operating point). */
  readonly sweep: 'strong share' | 'lambda' | 'none';
  /** Sweep parameters; one entry for a policy with a single operating point. */
  readonly params: readonly number[];
  /** Fits on `split.train` and prepares routes for `split.test`. */
  fit(split: Split, context: PolicyContext): FittedPolicy | Promise<FittedPolicy>;
}

/** One labelled training query handed to a classifier factory. */
export interface TrainingExample {
  /** The query text. */
  prompt: string;
  /** Task label, when the data has one. */
  task?: string;
  /** 1 = the strong model was needed (weak worse than strong), 0 = not (weak better), 0.5 = a tie. */
  label: number;
  /** Recorded quality of the weak model on this query, in [0, 1]. */
  weak: number;
  /** Recorded quality of the strong model on this query, in [0, 1]. */
  strong: number;
}

/** Builds a classifier from a split's training rows (a rule-based one may ignore them). */
export interface ClassifierFactory {
  /** Policy name in reports, e.g. `heuristic`, `learned`. */
  readonly name: string;
  /**
   * Test queries classified at once (default 1, one after another). Raise it for an asynchronous classifier whose
   * calls can overlap (an embedder that batches, a model behind an API).
   */
  readonly concurrency?: number;
  /** Trains (or just returns) a classifier; never sees the test rows. */
  create(train: readonly TrainingExample[], seed: number): DifficultyClassifier | Promise<DifficultyClassifier>;
}

/** Share grid of score-swept policies: 0, 1%, …, 100% of queries to the strong model. */
export const SHARE_GRID: readonly number[] = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * λ grid of quality-minus-λ×cost policies: 0, then 1e-3 … 1e3 geometrically (121 steps), then ∞. Costs are first
 * divided by the strong model's mean cost per query, so λ reads as quality points per strong-model call.
 */
export const LAMBDA_GRID: readonly number[] = [
  0,
  ...Array.from({ length: 121 }, (_, i) => 10 ** (-3 + i * 0.05)),
  Number.POSITIVE_INFINITY,
];

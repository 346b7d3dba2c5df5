import type { RequestMetadata } from '../core/request-metadata.js';

/** What a difficulty classifier sees of a query. */
export interface ClassifierInput {
  /** The user's query text (the last user message, or the whole prompt in recorded data). */
  prompt: string;
  /** Task label: `metadata.feature` at run time, a column such as `eval_name` or `source` in recorded data. */
  task?: string;
  /**
   * The routed request's per-request budget, when it has one. A classifier that calls a model (`llmClassifier`) makes
   * that call within it: the call is part of the request, refused before sending when its worst case does not fit.
   */
  budget?: { maxUsd: number };
  /** The routed request's abort signal: a classifier that calls a model passes it on, so aborting stops that call. */
  signal?: AbortSignal;
  /** The routed request's tags: a classifier that calls a model through the router passes them on, so the call draws from the same tenant, user and feature caps. */
  metadata?: RequestMetadata;
}

/** A classifier's verdict: how likely the query needs the stronger tier. */
export interface ClassifierResult {
  /** Probability in [0, 1] that the weaker tier would not answer well. */
  score: number;
}

/** Scores how hard a query is. Synchronous classifiers may return a plain result. */
export interface DifficultyClassifier {
  /** Name shown in routes and reports, e.g. `heuristic`, `learned`. */
  readonly name: string;
  /** Scores one query. */
  classify(input: ClassifierInput): ClassifierResult | Promise<ClassifierResult>;
}

import { embedCharged, type Embedder } from '../embedders/embedder.js';
import { ConfigError, type ValidationIssue } from '../errors.js';
import type { LearnedExample } from './train-learned.js';

/** The format tag of a saved embedding index. */
export const EMBEDDING_INDEX_FORMAT = 'routewise-embedding-index-v1';

/** Labelled example vectors for `embeddingKnn`: plain JSON, so it can be saved and loaded with `JSON.parse`. */
export interface EmbeddingIndex {
  /** Always `routewise-embedding-index-v1`. */
  format: typeof EMBEDDING_INDEX_FORMAT;
  /** `Embedder.name` of the embedder that made the vectors; queries must use the same one. */
  embedder: string;
  /** Length of every vector. */
  dimensions: number;
  /** One vector per example. */
  vectors: number[][];
  /** One label per example, in [0, 1]: 1 = the strong model was needed (as in `LearnedExample.label`). */
  labels: number[];
  /** Optional example weights (default 1 each). */
  weights?: number[];
  /** What embedding the examples cost in USD (0 for an in-process embedder). */
  costUsd?: number;
}

/** Checks examples' labels and weights; throws `ConfigError` with the path of each bad one. */
export function checkKnnExamples(examples: readonly LearnedExample[], path: string): void {
  const issues: ValidationIssue[] = [];
  if (examples.length === 0) issues.push({ path, message: 'needs at least one labelled example' });
  examples.forEach((example, i) => {
    if (typeof example?.prompt !== 'string') issues.push({ path: `${path}[${i}].prompt`, message: 'must be a string' });
    const label = example?.label;
    if (typeof label !== 'number' || !(label >= 0 && label <= 1)) {
      issues.push({ path: `${path}[${i}].label`, message: `must be a number in [0, 1] (got ${String(label)})` });
    }
    const weight = example?.weight;
    if (weight !== undefined && !(Number.isFinite(weight) && weight >= 0)) {
      issues.push({ path: `${path}[${i}].weight`, message: `must be a finite number ≥ 0 (got ${String(weight)})` });
    }
  });
  if (issues.length > 0) throw new ConfigError(issues.slice(0, 20));
}

/** Checks a (possibly loaded) index against the embedder that will embed queries; throws `ConfigError`. */
export function checkEmbeddingIndex(index: EmbeddingIndex, embedder: Embedder, path: string): void {
  const issues: ValidationIssue[] = [];
  if (index?.format !== EMBEDDING_INDEX_FORMAT) {
    issues.push({
      path: `${path}.format`,
      message: `expected "${EMBEDDING_INDEX_FORMAT}", got ${JSON.stringify(index?.format)}`,
    });
    throw new ConfigError(issues);
  }
  if (index.embedder !== embedder.name) {
    issues.push({
      path: `${path}.embedder`,
      message: `the index was built with "${index.embedder}", but queries would be embedded with "${embedder.name}"`,
    });
  }
  if (index.dimensions !== embedder.dimensions) {
    issues.push({
      path: `${path}.dimensions`,
      message: `${index.dimensions}, but the embedder makes ${embedder.dimensions}`,
    });
  }
  if (!Array.isArray(index.vectors) || index.vectors.length === 0) {
    issues.push({ path: `${path}.vectors`, message: 'needs at least one vector' });
  } else {
    if (!Array.isArray(index.labels) || index.labels.length !== index.vectors.length) {
      issues.push({ path: `${path}.labels`, message: `needs one label per vector (${index.vectors.length})` });
    }
    if (index.weights !== undefined && index.weights.length !== index.vectors.length) {
      issues.push({ path: `${path}.weights`, message: `needs one weight per vector (${index.vectors.length})` });
    }
    const bad = index.vectors.findIndex((v) => !Array.isArray(v) || v.length !== index.dimensions);
    if (bad >= 0) issues.push({ path: `${path}.vectors[${bad}]`, message: `must hold ${index.dimensions} numbers` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

/**
 * Embeds labelled examples into an index for `embeddingKnn({ embedder, index })`. Save it with `JSON.stringify` to
 * skip re-embedding at start-up; `costUsd` says what embedding cost (paid embedders).
 */
export async function buildEmbeddingIndex(
  embedder: Embedder,
  examples: readonly LearnedExample[],
): Promise<EmbeddingIndex> {
  checkKnnExamples(examples, 'examples');
  const { vectors, costUsd } = await embedCharged(
    embedder,
    examples.map((example) => example.prompt),
  );
  if (vectors.length !== examples.length) {
    throw new Error(`${embedder.name}: returned ${vectors.length} vectors for ${examples.length} texts`);
  }
  const index: EmbeddingIndex = {
    format: EMBEDDING_INDEX_FORMAT,
    embedder: embedder.name,
    dimensions: embedder.dimensions,
    vectors,
    labels: examples.map((example) => example.label),
    costUsd,
  };
  if (examples.some((example) => example.weight !== undefined)) {
    index.weights = examples.map((example) => example.weight ?? 1);
  }
  return index;
}

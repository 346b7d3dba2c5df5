import { embedCharged, type Embedder } from '../embedders/embedder.js';
import { ConfigError, type ValidationIssue } from '../errors.js';
import { buildEmbeddingIndex, checkEmbeddingIndex, checkKnnExamples, type EmbeddingIndex } from './embedding-index.js';
import { knnScore, type NeighbourTable, type NeighbourWeighting, neighbourTable } from './nearest-neighbours.js';
import type { LearnedExample } from './train-learned.js';
import type { ClassifierInput, ClassifierResult, DifficultyClassifier } from './types.js';

/** Options of `embeddingKnn()`: labelled `examples` (embedded on first use) or a prebuilt `index`. */
export type EmbeddingKnnOptions = {
  /** Embeds the queries (and the examples). */
  embedder: Embedder;
  /** Neighbours that vote (default 10). */
  k?: number;
  /** How votes are weighted (default `similarity`: cosine similarity clamped at 0, times the example's weight). */
  weighting?: NeighbourWeighting;
} & (
  | {
      /** Labelled queries, same semantics as `learned`'s: label 1 = the strong model was needed (fractions allowed). */
      examples: readonly LearnedExample[];
      index?: undefined;
    }
  | {
      /** A prebuilt index (`buildEmbeddingIndex`, possibly saved as JSON and parsed back). */
      index: EmbeddingIndex;
      examples?: undefined;
    }
);

/** What an `embeddingKnn` classification returns: the score, and the query embedding's cost when it had one. */
export interface EmbeddingKnnResult extends ClassifierResult {
  /** What embedding the query cost in USD (present for paid embedders). */
  costUsd?: number;
}

/** A k-nearest-neighbour difficulty classifier. */
export interface EmbeddingKnnClassifier extends DifficultyClassifier {
  /** Scores one query (embeds it, then votes). */
  classify(input: ClassifierInput): Promise<EmbeddingKnnResult>;
  /** The index in use; with `examples`, embeds them first (once). Save it with `JSON.stringify`. */
  index(): Promise<EmbeddingIndex>;
}

const WEIGHTINGS: readonly NeighbourWeighting[] = ['similarity', 'uniform'];

function checkOptions(options: EmbeddingKnnOptions): void {
  const issues: ValidationIssue[] = [];
  const embedder = options?.embedder;
  if (typeof embedder?.embed !== 'function' || !(Number.isInteger(embedder.dimensions) && embedder.dimensions > 0)) {
    issues.push({ path: 'embeddingKnn.embedder', message: 'must be an Embedder ({ name, dimensions, embed })' });
  }
  const k = options?.k;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1)) {
    issues.push({ path: 'embeddingKnn.k', message: `must be a whole number ≥ 1 (got ${String(k)})` });
  }
  if (options?.weighting !== undefined && !WEIGHTINGS.includes(options.weighting)) {
    issues.push({
      path: 'embeddingKnn.weighting',
      message: `"${String(options.weighting)}" is not one of ${WEIGHTINGS.join(', ')}`,
    });
  }
  if ((options?.examples === undefined) === (options?.index === undefined)) {
    issues.push({ path: 'embeddingKnn', message: 'pass exactly one of examples and index' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  if (options.examples !== undefined) checkKnnExamples(options.examples, 'embeddingKnn.examples');
  else checkEmbeddingIndex(options.index as EmbeddingIndex, options.embedder, 'embeddingKnn.index');
}

/**
 * Nearest labelled neighbours in embedding space: embeds the query, takes the `k` most cosine-similar labelled
 * examples and scores the weighted share of them that needed the strong model (labels as in `learned`). Options are
 * checked at construction (`ConfigError`). With `examples`, they are embedded on the first `classify` (or `index()`)
 * call; a paid embedder's query cost is returned as `costUsd` so the router charges it.
 */
export function embeddingKnn(options: EmbeddingKnnOptions): EmbeddingKnnClassifier {
  checkOptions(options);
  const { embedder } = options;
  const k = options.k ?? 10;
  const weighting = options.weighting ?? 'similarity';
  let prepared: Promise<{ index: EmbeddingIndex; table: NeighbourTable }> | undefined;

  function prepare() {
    prepared ??= (async () => {
      const index = options.index ?? (await buildEmbeddingIndex(embedder, options.examples ?? []));
      const table = neighbourTable(index.vectors, index.labels, index.weights, index.dimensions);
      return { index, table };
    })().catch((error: unknown) => {
      prepared = undefined;
      throw error;
    });
    return prepared;
  }

  return {
    name: 'embeddingKnn',
    async index() {
      return (await prepare()).index;
    },
    async classify(input: ClassifierInput): Promise<EmbeddingKnnResult> {
      const { table } = await prepare();
      const { vectors, costUsd } = await embedCharged(embedder, [input.prompt]);
      const query = vectors[0];
      if (!query || query.length !== table.dimensions) {
        throw new Error(`${embedder.name}: expected one vector of ${table.dimensions} numbers for the query`);
      }
      const score = knnScore(table, query, k, weighting);
      return embedder.embedWithCost ? { score, costUsd } : { score };
    },
  };
}

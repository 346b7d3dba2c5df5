import { buildEmbeddingIndex } from '../../classifiers/embedding-index.js';
import { embeddingKnn } from '../../classifiers/embedding-knn.js';
import type { NeighbourWeighting } from '../../classifiers/nearest-neighbours.js';
import type { Embedder } from '../../embedders/embedder.js';
import type { ClassifierFactory } from './policy.js';

/** Options of `embeddingKnnFactory`. */
export interface EmbeddingKnnFactoryOptions {
  /**
   * Embeds the training and test prompts. Wrap it with `cachedEmbedder` so each prompt is embedded once per run,
   * not once per fold, and so concurrent one-query calls are batched.
   */
  embedder: Embedder;
  /** Neighbours that vote (default 10, as `embeddingKnn`). */
  k?: number;
  /** How votes are weighted (default `similarity`). */
  weighting?: NeighbourWeighting;
  /** Queries classified at once (default 64), so their embeddings can share a batch. */
  concurrency?: number;
}

/**
 * `embeddingKnn()` over an index built per split from the training rows only (label: the soft strong-needed label,
 * 0.5 on ties): a scored row is never its own neighbour.
 */
export function embeddingKnnFactory(options: EmbeddingKnnFactoryOptions): ClassifierFactory {
  const { embedder } = options;
  return {
    name: 'embedding-knn',
    concurrency: options.concurrency ?? 64,
    async create(train) {
      const index = await buildEmbeddingIndex(
        embedder,
        train.map((example) => ({ prompt: example.prompt, label: example.label })),
      );
      return embeddingKnn({
        embedder,
        index,
        ...(options.k !== undefined ? { k: options.k } : {}),
        ...(options.weighting !== undefined ? { weighting: options.weighting } : {}),
      });
    },
  };
}

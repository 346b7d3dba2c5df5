// A paid embedding of the question is spent before any answer attempt, so it must be reserved on the request's caps
// like an attempt is: the lookup holds the embedder's worst case first and settles it to what the call cost.

/** The worst case of one paid embedding, as a cap's refusal would name it. */
export interface EmbeddingWorstCase {
  /** Most the call can cost, in USD (`Embedder.worstCase`). */
  readonly usd: number;
  /** The embedder's name, e.g. `openai:text-embedding-3-small`. */
  readonly embedder: string;
  /** Upper bound of the input tokens the price was taken at. */
  readonly inputTokens: number;
}

/** Settles a held embedding to what it cost (0 releases the hold). Never throws. */
export type SettleEmbedding = (costUsd: number) => Promise<void>;

/** The request's budget and running caps, as the cache lookup spends against them. */
export interface LookupCaps {
  /**
   * Reserves a paid embedding's worst case on the request's budget and USD caps; resolves to the settle, or to
   * `undefined` when it does not fit (the semantic lookup is then skipped, and the answer's own reservation decides).
   */
  hold(worst: EmbeddingWorstCase): Promise<SettleEmbedding | undefined>;
  /** Charges an embedding that could not be reserved beforehand (an embedder without `worstCase`). Never throws. */
  charge(costUsd: number): Promise<void>;
}

/** What one embedding call returned and cost. */
export interface EmbeddingResult {
  /** One vector per input text, in input order, each `dimensions` long. */
  vectors: number[][];
  /** What the call cost in USD (0 for an in-process embedder). */
  costUsd: number;
  /** Input tokens the provider billed, when it reported them. */
  inputTokens?: number;
}

/**
 * Turns texts into vectors. Shared by `embeddingKnn` and (later) the semantic cache, so one embedding can serve
 * both. An in-process embedder implements `embed` only; a paid one also implements `embedWithCost`.
 */
export interface Embedder {
  /** Name shown in errors and stored with an index, e.g. `universal-sentence-encoder-lite`, `openai:text-embedding-3-small`. */
  readonly name: string;
  /** Length of every vector. */
  readonly dimensions: number;
  /** Embeds texts; one vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
  /** Embeds texts and reports what the call cost (paid embedders). */
  embedWithCost?(texts: string[]): Promise<EmbeddingResult>;
}

/** Embeds through `embedWithCost` when the embedder has it, else through `embed` at no cost. */
export async function embedCharged(embedder: Embedder, texts: string[]): Promise<EmbeddingResult> {
  if (embedder.embedWithCost) return embedder.embedWithCost(texts);
  return { vectors: await embedder.embed(texts), costUsd: 0 };
}

import { recalledEmbedding, rememberEmbeddings } from './request-embeddings.js';

/** What one embedding call returned and cost. */
export interface EmbeddingResult {
  /** One vector per input text, in input order, each `dimensions` long. */
  vectors: number[][];
  /** What the call cost in USD (0 for an in-process embedder). */
  costUsd: number;
  /** Input tokens the provider billed, when it reported them (routewise's estimate when `estimated` is true). */
  inputTokens?: number;
  /**
   * True when `inputTokens` and `costUsd` are routewise's estimate, not the provider's count: the API reports no
   * tokens for an embedding call (`googleEmbedder`: the Gemini API).
   */
  estimated?: boolean;
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
  /**
   * Most `embedWithCost(texts)` can cost, in USD, and the input-token bound it was priced at. A paid embedder that
   * has it is reserved for on the request's caps before the semantic cache calls it; one without it is charged after.
   */
  worstCase?(texts: string[]): { usd: number; inputTokens: number };
}

/** Whether every text was already embedded in this request's scope (so embedding them again costs nothing). */
export function allRecalled(embedder: Embedder, texts: readonly string[]): boolean {
  return texts.length > 0 && texts.every((text) => recalledEmbedding(embedder, text) !== undefined);
}

/**
 * Embeds through `embedWithCost` when the embedder has it, else through `embed` at no cost. Inside a request's scope
 * (`withRequestEmbeddings`), a text this request already embedded with the same embedder is served from that scope at
 * no cost, so the semantic cache and `embeddingKnn` share one embedding (and one charge) per request.
 */
export async function embedCharged(embedder: Embedder, texts: string[]): Promise<EmbeddingResult> {
  const recalled = texts.map((text) => recalledEmbedding(embedder, text));
  if (texts.length > 0 && recalled.every((vector) => vector !== undefined))
    return { vectors: recalled as number[][], costUsd: 0 };
  const result = embedder.embedWithCost
    ? await embedder.embedWithCost(texts)
    : { vectors: await embedder.embed(texts), costUsd: 0 };
  rememberEmbeddings(embedder, texts, result.vectors);
  return result;
}

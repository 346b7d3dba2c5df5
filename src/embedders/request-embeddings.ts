// One embedding per request: the semantic cache embeds the last user turn before routing, and `embeddingKnn` embeds the
// same text when a cascade classifies it. Within one request the second asks for a vector the first already paid for,
// so the router runs each request (when its semantic cache is on) in a scope that remembers the vectors it embedded,
// per embedder and text; `embedCharged` serves a remembered one at no cost instead of calling the embedder again.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Embedder } from './embedder.js';

type Remembered = Map<Embedder, Map<string, number[]>>;

const current = new AsyncLocalStorage<Remembered>();

/** Runs `fn` in a fresh per-request scope of remembered embeddings. */
export function withRequestEmbeddings<T>(fn: () => T): T {
  return current.run(new Map(), fn);
}

/** The vector this request's scope holds for `text` under `embedder`, if any. */
export function recalledEmbedding(embedder: Embedder, text: string): number[] | undefined {
  return current.getStore()?.get(embedder)?.get(text);
}

/** Remembers vectors in this request's scope (a no-op outside one). */
export function rememberEmbeddings(embedder: Embedder, texts: readonly string[], vectors: readonly number[][]): void {
  const scope = current.getStore();
  if (!scope) return;
  let byText = scope.get(embedder);
  if (!byText) {
    byText = new Map();
    scope.set(embedder, byText);
  }
  texts.forEach((text, i) => {
    const vector = vectors[i];
    if (vector) byText.set(text, vector);
  });
}

// An embedder that embeds each distinct text once per run (or once ever, with a cache file), and gathers the
// one-text calls that concurrent classifications make into batches, which an in-process model runs much faster.
import type { Embedder } from '../../embedders/embedder.js';
import { type EmbeddingCache, embeddingKey, memoryEmbeddingCache } from './embedding-cache.js';

/** Options of `cachedEmbedder`. */
export interface CachedEmbedderOptions {
  /** Where vectors are kept (default: a new in-memory cache). */
  cache?: EmbeddingCache;
  /** Texts per call to the wrapped embedder (default 64). */
  batchSize?: number;
  /** Called after each batch with the number of texts embedded so far by this wrapper (cache hits not counted). */
  onEmbedded?: (embedded: number) => void;
}

/** A cached embedder, plus how many texts it had to embed. */
export interface CachedEmbedder extends Embedder {
  /** Texts embedded by the wrapped embedder so far (not served from the cache). */
  readonly embedded: number;
  /** Whether a text's vector is already cached. */
  has(text: string): boolean;
}

interface Waiting {
  text: string;
  key: string;
  resolve: (vector: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Wraps an embedder with a cache keyed by `embeddingKey` (its name, vector length and the text). Vectors are stored
 * and returned rounded to float32, so a run served from a saved cache scores exactly like the run that filled it.
 * Texts requested in the same turn of the event loop are embedded together, `batchSize` at a time; a text already
 * being embedded is not sent twice. Embedding cost is not reported (meant for in-process embedders).
 */
export function cachedEmbedder(embedder: Embedder, options: CachedEmbedderOptions = {}): CachedEmbedder {
  const cache = options.cache ?? memoryEmbeddingCache();
  const batchSize = options.batchSize ?? 64;
  const inFlight = new Map<string, Promise<Float32Array>>();
  let waiting: Waiting[] = [];
  let embedded = 0;
  const keyOf = (text: string) => embeddingKey(embedder.name, embedder.dimensions, text);

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    for (let start = 0; start < batch.length; start += batchSize) {
      const part = batch.slice(start, start + batchSize);
      let vectors: number[][];
      try {
        vectors = await embedder.embed(part.map((w) => w.text));
        if (vectors.length !== part.length) {
          throw new Error(`${embedder.name}: returned ${vectors.length} vectors for ${part.length} texts`);
        }
      } catch (error) {
        for (const w of batch.slice(start)) {
          inFlight.delete(w.key);
          w.reject(error);
        }
        return;
      }
      part.forEach((w, i) => {
        const vector = Float32Array.from(vectors[i]!);
        cache.set(w.key, vector);
        inFlight.delete(w.key);
        w.resolve(vector);
      });
      embedded += part.length;
      options.onEmbedded?.(embedded);
    }
  }

  function vectorOf(text: string): Float32Array | Promise<Float32Array> {
    const key = keyOf(text);
    const cached = cache.get(key);
    if (cached) return cached;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = new Promise<Float32Array>((resolve, reject) => {
        if (waiting.length === 0) setImmediate(() => void flush());
        waiting.push({ text, key, resolve, reject });
      });
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    name: embedder.name,
    dimensions: embedder.dimensions,
    get embedded() {
      return embedded;
    },
    has: (text) => cache.get(keyOf(text)) !== undefined,
    async embed(texts) {
      const vectors = await Promise.all(texts.map(vectorOf));
      return vectors.map((vector) => Array.from(vector));
    },
  };
}

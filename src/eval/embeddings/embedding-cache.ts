// Embeddings kept for the length of a run, and optionally in a file so a second run skips the embedder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EvalInputError } from '../eval-input-error.js';

/** The format tag of a saved embedding cache file. */
export const EMBEDDING_CACHE_FORMAT = 'routewise-embedding-cache-v1';

/** Vectors by key (`embeddingKey`), stored as float32: what a saved file holds, so a cached run scores the same. */
export interface EmbeddingCache {
  /** The vector stored under a key, if any. */
  get(key: string): Float32Array | undefined;
  /** Stores a vector. */
  set(key: string, vector: Float32Array): void;
  /** Vectors held. */
  readonly size: number;
  /** Vectors added since the cache was loaded or last saved. */
  readonly added: number;
  /** Every entry, for saving. */
  entries(): IterableIterator<[string, Float32Array]>;
  /** Marks the current entries as saved. */
  markSaved(): void;
}

/**
 * The cache key of one text: a SHA-256 of the embedder's name, its vector length and the text, so one file can hold
 * several embedders' vectors and a text never meets another embedder's vector.
 */
export function embeddingKey(embedderName: string, dimensions: number, text: string): string {
  return createHash('sha256').update(`${embedderName}\n${dimensions}\n${text}`).digest('base64url');
}

/** An empty in-memory cache. */
export function memoryEmbeddingCache(): EmbeddingCache {
  const vectors = new Map<string, Float32Array>();
  let saved = 0;
  return {
    get: (key) => vectors.get(key),
    set(key, vector) {
      vectors.set(key, vector);
    },
    get size() {
      return vectors.size;
    },
    get added() {
      return vectors.size - saved;
    },
    entries: () => vectors.entries(),
    markSaved() {
      saved = vectors.size;
    },
  };
}

/** The file's JSON shape: each vector is its float32 little-endian bytes in base64. */
interface CacheFile {
  format: typeof EMBEDDING_CACHE_FORMAT;
  vectors: Record<string, string>;
}

function decodeVector(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const vector = new Float32Array(bytes.length / 4);
  new Uint8Array(vector.buffer).set(bytes);
  return vector;
}

function encodeVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** Loads a cache file; a missing file is an empty cache. A file that is not one is an `EvalInputError`. */
export function loadEmbeddingCache(path: string): EmbeddingCache {
  const cache = memoryEmbeddingCache();
  if (!existsSync(path)) return cache;
  let parsed: Partial<CacheFile>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CacheFile>;
  } catch (error) {
    throw new EvalInputError(`--embedding-cache ${path}: not a JSON embedding cache (${(error as Error).message})`);
  }
  if (parsed?.format !== EMBEDDING_CACHE_FORMAT || typeof parsed.vectors !== 'object' || parsed.vectors === null) {
    throw new EvalInputError(
      `--embedding-cache ${path}: expected format "${EMBEDDING_CACHE_FORMAT}", got ${JSON.stringify(parsed?.format)}`,
    );
  }
  for (const [key, base64] of Object.entries(parsed.vectors)) {
    if (typeof base64 !== 'string' || base64.length % 4 !== 0) {
      throw new EvalInputError(`--embedding-cache ${path}: entry ${key} is not a base64 float32 vector`);
    }
    cache.set(key, decodeVector(base64));
  }
  cache.markSaved();
  return cache;
}

/** Writes the cache to a file (through a temporary file, so an interrupted write leaves the old one whole). */
export function saveEmbeddingCache(path: string, cache: EmbeddingCache): void {
  const vectors: Record<string, string> = {};
  for (const [key, vector] of cache.entries()) vectors[key] = encodeVector(vector);
  const file: CacheFile = { format: EMBEDDING_CACHE_FORMAT, vectors };
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, JSON.stringify(file));
    renameSync(temporary, path);
  } catch (error) {
    throw new EvalInputError(
      `--embedding-cache ${path}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  cache.markSaved();
}

// The semantic cache's in-memory index: unit vectors bucketed by context key (tenant scope + everything but the
// wording), bounded by lru-cache (least recently used out first, TTL per entry). A lookup scans one bucket: a flat dot
// product over normalized Float32Arrays, which is fast enough at 100k entries (see bench/semantic-cache.ts).
import { LRUCache } from 'lru-cache';

/** One indexed question. */
export interface IndexEntry {
  readonly id: string;
  readonly bucket: string;
  readonly vector: Float32Array;
  /** Where the answer lives in the Store. */
  readonly answerKey: string;
}

/** A scored match. */
export interface IndexMatch {
  readonly entry: IndexEntry;
  readonly similarity: number;
}

/** Scales a vector to unit length (a zero vector stays zero and matches nothing). */
export function normalizeVector(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) ** 2;
  const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * scale;
  return out;
}

/** Dot product of two equal-length vectors (cosine similarity for unit vectors). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** A bounded, expiring vector index with one flat bucket per context key. */
export class SemanticIndex {
  private readonly entries: LRUCache<string, IndexEntry>;
  private readonly buckets = new Map<string, Set<string>>();

  constructor(maxEntries: number, ttlMs: number) {
    this.entries = new LRUCache<string, IndexEntry>({
      max: maxEntries,
      ttl: ttlMs,
      // An entry leaving the LRU (evicted, expired, deleted) leaves its bucket too.
      dispose: (entry, id) => {
        const bucket = this.buckets.get(entry.bucket);
        bucket?.delete(id);
        if (bucket?.size === 0) this.buckets.delete(entry.bucket);
      },
    });
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds (or replaces) an entry; `ttlMs` overrides the index's TTL. */
  add(entry: IndexEntry, ttlMs?: number): void {
    this.entries.set(entry.id, entry, ttlMs === undefined ? undefined : { ttl: ttlMs });
    const bucket = this.buckets.get(entry.bucket) ?? new Set<string>();
    this.buckets.set(entry.bucket, bucket);
    bucket.add(entry.id);
  }

  /** An entry by id (without touching its recency), if still held. */
  peek(id: string): IndexEntry | undefined {
    return this.entries.peek(id);
  }

  /** Removes an entry; true when it was there. */
  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  /** The bucket's entries at or above `threshold`, most similar first; a returned entry counts as recently used. */
  search(bucket: string, vector: Float32Array, threshold: number, limit = 3): IndexMatch[] {
    const ids = this.buckets.get(bucket);
    if (!ids) return [];
    const matches: IndexMatch[] = [];
    for (const id of ids) {
      // peek: scanning must not reorder the LRU; only a served match is "used".
      const entry = this.entries.peek(id);
      if (!entry) continue;
      const similarity = dot(vector, entry.vector);
      if (similarity >= threshold) matches.push({ entry, similarity });
    }
    matches.sort((a, b) => b.similarity - a.similarity);
    const top = matches.slice(0, limit);
    for (const match of top) this.entries.get(match.entry.id);
    return top;
  }
}

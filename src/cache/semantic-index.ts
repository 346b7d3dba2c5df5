// The semantic cache's in-memory index: unit vectors bucketed by context key (tenant scope + everything but the
// wording), bounded by lru-cache (least recently used out first, TTL per entry). A lookup in a small bucket scans it
// flat: each bucket keeps its vectors in one contiguous Float32Array (row i = slot i), so a scan is a dot product over
// adjacent memory with no per-entry object, map lookup or allocation; only matches above the threshold touch the LRU.
// A bucket of `LSH_MIN_ENTRIES` or more is searched through its LSH tables (lsh-tables.ts): only the candidates
// they name are scored, exactly, against the same threshold.
import { LRUCache } from 'lru-cache';
import { type LshKeys, LshTables, lshKeys, TABLES } from './lsh-tables.js';

/** One indexed question, as added. */
export interface IndexEntry {
  readonly id: string;
  readonly bucket: string;
  readonly vector: Float32Array;
  /** Where the answer lives in the Store. */
  readonly answerKey: string;
}

/** An entry as the index holds it (its vector lives in its bucket's matrix). */
export type IndexedEntry = Omit<IndexEntry, 'vector'>;

/** A scored match. */
export interface IndexMatch {
  readonly entry: IndexedEntry;
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

/**
 * Coordinates a row is scored on before the rest is first bounded: an eighth of a 512-dimension vector, four cache
 * lines of the row. An unrelated question is usually left there; a related one is bounded again at `HEAD_DIMS`.
 */
const FIRST_HEAD_DIMS = 64;

/** Coordinates a row is scored on before the rest is bounded the second time: a quarter of a 512-dimension vector. */
const HEAD_DIMS = 128;

/** Room left for rounding: a bound this far under the threshold still rejects (sums are of ~1e-16 error each). */
const BOUND_SLACK = 1e-9;

/**
 * The dot product of `query` with row `row` of a row-major matrix (four accumulators let the loop pipeline) when it
 * can reach `threshold`, else -Infinity. The first `first` coordinates' sum bounds the whole: the rest adds at most
 * |query tail| · |row tail| (Cauchy–Schwarz), so a row that cannot reach the threshold is left after `first`
 * coordinates, and one the first bound keeps is bounded again after `head`; one that can is finished with the same
 * accumulators in the same order, so its similarity is the very number a full pass gives. `tails` holds each row's
 * two tail norms side by side (one cache line for both), `queryTails` the query's.
 */
function dotRowAtLeast(
  query: Float32Array,
  matrix: Float32Array,
  row: number,
  threshold: number,
  split: HeadSplit,
  queryTails: Float64Array,
  tails: Float64Array,
): number {
  const dims = query.length;
  const { first, head } = split;
  let offset = row * dims;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < first; i += 4, offset += 4) {
    s0 += (query[i] as number) * (matrix[offset] as number);
    s1 += (query[i + 1] as number) * (matrix[offset + 1] as number);
    s2 += (query[i + 2] as number) * (matrix[offset + 2] as number);
    s3 += (query[i + 3] as number) * (matrix[offset + 3] as number);
  }
  const bound = threshold - BOUND_SLACK;
  if (s0 + s1 + s2 + s3 + (queryTails[0] as number) * (tails[2 * row] as number) < bound) {
    return Number.NEGATIVE_INFINITY;
  }
  for (; i + 3 < head; i += 4, offset += 4) {
    s0 += (query[i] as number) * (matrix[offset] as number);
    s1 += (query[i + 1] as number) * (matrix[offset + 1] as number);
    s2 += (query[i + 2] as number) * (matrix[offset + 2] as number);
    s3 += (query[i + 3] as number) * (matrix[offset + 3] as number);
  }
  if (s0 + s1 + s2 + s3 + (queryTails[1] as number) * (tails[2 * row + 1] as number) < bound) {
    return Number.NEGATIVE_INFINITY;
  }
  for (; i + 3 < dims; i += 4, offset += 4) {
    s0 += (query[i] as number) * (matrix[offset] as number);
    s1 += (query[i + 1] as number) * (matrix[offset + 1] as number);
    s2 += (query[i + 2] as number) * (matrix[offset + 2] as number);
    s3 += (query[i + 3] as number) * (matrix[offset + 3] as number);
  }
  for (; i < dims; i++, offset++) s0 += (query[i] as number) * (matrix[offset] as number);
  return s0 + s1 + s2 + s3;
}

/** Where a row's score is bounded: after `first` coordinates, then after `head` (multiples of 4, `first <= head`). */
interface HeadSplit {
  readonly first: number;
  readonly head: number;
}

/** The bounds' split for `dims` dimensions: `FIRST_HEAD_DIMS` and `HEAD_DIMS`, or fewer for a short vector. */
const splitOf = (dims: number): HeadSplit => ({
  first: Math.min(FIRST_HEAD_DIMS, dims - (dims % 4)),
  head: Math.min(HEAD_DIMS, dims - (dims % 4)),
});

/** `vector`'s two tail norms (beyond `split.first` and beyond `split.head`) into `out` at `at` and `at + 1`. */
function writeTails(vector: ArrayLike<number>, split: HeadSplit, out: Float64Array, at: number): void {
  let between = 0;
  for (let i = split.first; i < split.head; i++) between += (vector[i] as number) ** 2;
  let beyond = 0;
  for (let i = split.head; i < vector.length; i++) beyond += (vector[i] as number) ** 2;
  out[at] = Math.sqrt(between + beyond);
  out[at + 1] = Math.sqrt(beyond);
}

/**
 * From this many entries a bucket is searched through its LSH tables rather than scanned: hashing the query costs
 * about as much as a flat scan of a couple of hundred 512-dimension rows, and a scan grows with the bucket (~1.4 ms
 * at 2,000 rows here) while an LSH lookup stays near a millisecond at 100,000.
 */
export const LSH_MIN_ENTRIES = 256;

/**
 * One bucket's vectors, row-major in one growable Float32Array, and each row's LSH keys; removal moves the last row
 * into the hole. The LSH tables are built when the bucket first reaches `LSH_MIN_ENTRIES` rows (a small bucket is
 * scanned flat and never needs them) and kept from then on.
 */
class BucketMatrix {
  vectors: Float32Array;
  /** Row i's LSH keys at `i * TABLES`. */
  private keys: Uint16Array;
  /** Row i's norms beyond its first `split.first` and `split.head` coordinates (the scoring bounds'), at 2i and 2i + 1. */
  tails: Float64Array;
  readonly split: HeadSplit;
  readonly ids: string[] = [];
  /** Each id's row. Kept here, not on the LRU entry: a row can move while the LRU is still adding that entry. */
  readonly slotOf = new Map<string, number>();
  lsh: LshTables | undefined;

  constructor(readonly dims: number) {
    this.vectors = new Float32Array(dims * 16);
    this.keys = new Uint16Array(TABLES * 16);
    this.tails = new Float64Array(2 * 16);
    this.split = splitOf(dims);
  }

  get count(): number {
    return this.ids.length;
  }

  /** Appends a row filed under its LSH keys; returns its slot. */
  push(id: string, vector: Float32Array, keys: Uint16Array): number {
    const slot = this.ids.length;
    if ((slot + 1) * this.dims > this.vectors.length) {
      const grown = new Float32Array(this.vectors.length * 2);
      grown.set(this.vectors);
      this.vectors = grown;
    }
    if ((slot + 1) * TABLES > this.keys.length) {
      const grown = new Uint16Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    if (2 * (slot + 1) > this.tails.length) {
      const grown = new Float64Array(this.tails.length * 2);
      grown.set(this.tails);
      this.tails = grown;
    }
    this.vectors.set(vector, slot * this.dims);
    this.keys.set(keys, slot * TABLES);
    writeTails(vector, this.split, this.tails, 2 * slot);
    this.ids.push(id);
    this.slotOf.set(id, slot);
    if (this.lsh) this.lsh.add(slot, keys);
    else if (this.ids.length >= LSH_MIN_ENTRIES) this.buildLsh();
    return slot;
  }

  /** Removes a slot (the last row moves into it); returns the id that moved (or undefined when it was the last row). */
  remove(slot: number): string | undefined {
    const last = this.ids.length - 1;
    const moved = slot === last ? undefined : (this.ids[last] as string);
    this.slotOf.delete(this.ids[slot] as string);
    this.lsh?.remove(slot);
    if (moved !== undefined) {
      this.vectors.copyWithin(slot * this.dims, last * this.dims, (last + 1) * this.dims);
      this.keys.copyWithin(slot * TABLES, last * TABLES, (last + 1) * TABLES);
      this.tails.copyWithin(2 * slot, 2 * last, 2 * last + 2);
      this.lsh?.move(last, slot);
      this.ids[slot] = moved;
      this.slotOf.set(moved, slot);
    }
    this.ids.pop();
    // Give memory back when a bucket has shrunk to a quarter of its room.
    if (this.vectors.length > this.dims * 64 && this.ids.length * 4 < this.vectors.length / this.dims) {
      this.vectors = this.vectors.slice(0, (this.vectors.length / 2) | 0);
      this.keys = this.keys.slice(0, (this.keys.length / 2) | 0);
      this.tails = this.tails.slice(0, (this.tails.length / 2) | 0);
    }
    return moved;
  }

  private buildLsh(): void {
    const lsh = new LshTables(this.vectors.length / this.dims);
    for (let slot = 0; slot < this.ids.length; slot++)
      lsh.add(slot, this.keys.subarray(slot * TABLES, (slot + 1) * TABLES));
    this.lsh = lsh;
  }
}

/** A bounded, expiring vector index with one flat bucket per context key. */
export class SemanticIndex {
  private readonly entries: LRUCache<string, IndexedEntry>;
  private readonly buckets = new Map<string, BucketMatrix>();

  constructor(maxEntries: number, ttlMs: number) {
    this.entries = new LRUCache<string, IndexedEntry>({
      max: maxEntries,
      ttl: ttlMs,
      // Read the clock on each check: lru-cache's default (1 ms) caches it behind a setTimeout per millisecond, a
      // timer made, unref'd and fired on nearly every call of a router that answers in about a millisecond.
      ttlResolution: 0,
      // An entry leaving the LRU (evicted, expired, deleted, replaced) leaves its bucket's matrix too.
      dispose: (held) => this.removeRow(held),
    });
  }

  /** Entries held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds (or replaces) an entry; `ttlMs` overrides the index's TTL; `keys` are the vector's LSH keys if already known. */
  add(entry: IndexEntry, ttlMs?: number, keys: LshKeys = lshKeys(entry.vector)): void {
    // Replacing: the old row goes first (set() would dispose it only after the new row is in).
    this.entries.delete(entry.id);
    let bucket = this.buckets.get(entry.bucket);
    if (!bucket) {
      bucket = new BucketMatrix(entry.vector.length);
      this.buckets.set(entry.bucket, bucket);
    }
    if (entry.vector.length !== bucket.dims) return; // another embedder's vector cannot be compared here
    bucket.push(entry.id, entry.vector, keys.keys);
    const held: IndexedEntry = { id: entry.id, bucket: entry.bucket, answerKey: entry.answerKey };
    this.entries.set(entry.id, held, ttlMs === undefined ? undefined : { ttl: ttlMs });
  }

  /** An entry by id (without touching its recency), if still held. */
  peek(id: string): IndexedEntry | undefined {
    return this.entries.peek(id);
  }

  /** Removes an entry; true when it was there. */
  delete(id: string): boolean {
    return this.entries.delete(id);
  }

  /** The bucket's entries at or above `threshold`, most similar first; a returned entry counts as recently used. */
  search(bucket: string, vector: Float32Array, threshold: number, limit = 3, keys?: LshKeys): IndexMatch[] {
    const matrix = this.buckets.get(bucket);
    if (!matrix || matrix.dims !== vector.length) return [];
    const found =
      matrix.count >= LSH_MIN_ENTRIES && matrix.lsh
        ? scoreRows(matrix, vector, threshold, matrix.lsh.candidates(keys ?? lshKeys(vector)))
        : scoreRows(matrix, vector, threshold);
    if (found.length === 0) return [];
    // Most similar first; equal similarities in row order (as the flat scan finds them).
    found.sort((a, b) => b.similarity - a.similarity || a.slot - b.slot);
    // Ids first: an expired entry dropped below moves another row into its slot.
    const ranked = found.map(({ slot, similarity }) => ({ id: matrix.ids[slot] as string, similarity }));
    const matches: IndexMatch[] = [];
    for (const { id, similarity } of ranked) {
      // get(): an expired entry is dropped here (and leaves the matrix); a live one counts as used.
      const held = this.entries.get(id);
      if (!held) continue;
      matches.push({ entry: { id: held.id, bucket: held.bucket, answerKey: held.answerKey }, similarity });
      if (matches.length === limit) break;
    }
    return matches;
  }

  private removeRow(held: IndexedEntry): void {
    const matrix = this.buckets.get(held.bucket);
    if (!matrix) return;
    const slot = matrix.slotOf.get(held.id);
    if (slot === undefined) return;
    matrix.remove(slot);
    if (matrix.count === 0) this.buckets.delete(held.bucket);
  }
}

/** A row at or above the threshold. */
interface RowMatch {
  readonly slot: number;
  readonly similarity: number;
}

/**
 * The rows at or above `threshold`: `slots` (the candidates the LSH tables name), or every row of the bucket (a flat
 * scan) when not given.
 */
function scoreRows(
  matrix: BucketMatrix,
  vector: Float32Array,
  threshold: number,
  slots?: readonly number[],
): RowMatch[] {
  const found: RowMatch[] = [];
  const { vectors, tails, split } = matrix;
  const queryTails = new Float64Array(2);
  writeTails(vector, split, queryTails, 0);
  const rows = slots ? slots.length : matrix.count;
  for (let i = 0; i < rows; i++) {
    const slot = slots ? (slots[i] as number) : i;
    const similarity = dotRowAtLeast(vector, vectors, slot, threshold, split, queryTails, tails);
    if (similarity >= threshold) found.push({ slot, similarity });
  }
  return found;
}

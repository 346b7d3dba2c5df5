// Random-hyperplane LSH (Charikar's SimHash) for the semantic index's large buckets. A flat scan reads every vector
// of a bucket: at 100,000 entries of 512 dimensions that is 205 MB per lookup, ~115 ms here, bound by memory, not by
// arithmetic. LSH reads a few hundred candidates instead. Two unit vectors at angle θ agree on one random hyperplane's
// side with probability 1 − θ/π, so near-duplicates (the only pairs a semantic hit can serve: cosine ≥ 0.9) share a
// table's key far more often than unrelated questions do. A pair LSH misses is a cache miss, never a wrong answer:
// every candidate is still scored exactly, against the same threshold.
//
// Each of `TABLES` tables keys a vector by `BITS` signs; a lookup probes each table's key and the key with its least
// certain bit flipped (multi-probe LSH). With 12 tables of 12 bits, two probes each, near-duplicates at cosine ≥ 0.94
// are named as candidates in over 98% of pairs, while a lookup in 100,000 unrelated entries scores about 600
// (test/cache/semantic-index.test.ts, bench/response-cache.ts).

import { seededRandom } from '../core/seeded-random.js';

/** Tables, and sign bits per table key. */
export const TABLES = 12;
export const BITS = 12;

/**
 * Nonzero coordinates per hyperplane. The hyperplanes are very sparse random projections (Li, Hastie and Church,
 * 2006): each is ±1 on `NONZERO` coordinates drawn at random and 0 elsewhere, so hashing a vector is 144 × 32 additions
 * rather than 144 × 512 multiply-adds. On dense vectors (sentence embeddings are) a sparse hyperplane splits pairs
 * much as a Gaussian one does; the recall test in test/cache/semantic-index.test.ts and the bench check it.
 */
const NONZERO = 32;

/** One dimension count's hyperplanes: per plane, `NONZERO / 2` coordinates added and as many subtracted. */
interface SparsePlanes {
  readonly plus: Int32Array;
  readonly minus: Int32Array;
}

const planesByDims = new Map<number, SparsePlanes>();

/** The hyperplanes for `dims` dimensions: fixed (seeded), so every instance keys a vector alike. */
function planesFor(dims: number): SparsePlanes {
  let planes = planesByDims.get(dims);
  if (!planes) {
    planes = sparsePlanes(TABLES * BITS, dims, 0x5eed_1c5);
    planesByDims.set(dims, planes);
  }
  return planes;
}

/** `rows` sparse ±1 hyperplanes over `dims` coordinates from the package's seeded generator. */
function sparsePlanes(rows: number, dims: number, seed: number): SparsePlanes {
  const uniform = seededRandom(seed);
  const half = NONZERO / 2;
  const plus = new Int32Array(rows * half);
  const minus = new Int32Array(rows * half);
  const picked = new Set<number>();
  for (let row = 0; row < rows; row++) {
    picked.clear();
    const count = Math.min(NONZERO, dims);
    const chosen: number[] = [];
    while (chosen.length < count) {
      const d = Math.floor(uniform() * dims);
      if (picked.has(d)) continue;
      picked.add(d);
      chosen.push(d);
    }
    for (let k = 0; k < half; k++) {
      plus[row * half + k] = chosen[k % chosen.length] as number;
      minus[row * half + k] = chosen[(half + k) % chosen.length] as number;
    }
  }
  return { plus, minus };
}

/** The keys a vector is filed under (one per table), and for a lookup the second probe of each table. */
export interface LshKeys {
  readonly keys: Uint16Array;
  readonly probes: Uint16Array;
}

/** Hashes `vector`: per table, its key and the key with the bit nearest its hyperplane flipped. */
export function lshKeys(vector: Float32Array): LshKeys {
  const { plus, minus } = planesFor(vector.length);
  const keys = new Uint16Array(TABLES);
  const probes = new Uint16Array(TABLES);
  for (let table = 0; table < TABLES; table++) {
    let key = 0;
    let leastMargin = Number.POSITIVE_INFINITY;
    let leastBit = 0;
    for (let bit = 0; bit < BITS; bit++) {
      const projection = sparseProjection(vector, plus, minus, (table * BITS + bit) * (NONZERO / 2));
      if (projection >= 0) key |= 1 << bit;
      const margin = Math.abs(projection);
      if (margin < leastMargin) {
        leastMargin = margin;
        leastBit = bit;
      }
    }
    keys[table] = key;
    probes[table] = key ^ (1 << leastBit);
  }
  return { keys, probes };
}

/**
 * One hyperplane's projection: the sum, in order, of its 16 (`NONZERO / 2`) added coordinates less its subtracted
 * ones, pairwise. Written out rather than looped: 144 of these per vector, and the loop's overhead was a third of
 * `lshKeys`. The same additions in the same order as a loop over k, so the same keys to the bit.
 */
function sparseProjection(vector: Float32Array, plus: Int32Array, minus: Int32Array, o: number): number {
  let projection = 0;
  projection += (vector[plus[o] as number] as number) - (vector[minus[o] as number] as number);
  projection += (vector[plus[o + 1] as number] as number) - (vector[minus[o + 1] as number] as number);
  projection += (vector[plus[o + 2] as number] as number) - (vector[minus[o + 2] as number] as number);
  projection += (vector[plus[o + 3] as number] as number) - (vector[minus[o + 3] as number] as number);
  projection += (vector[plus[o + 4] as number] as number) - (vector[minus[o + 4] as number] as number);
  projection += (vector[plus[o + 5] as number] as number) - (vector[minus[o + 5] as number] as number);
  projection += (vector[plus[o + 6] as number] as number) - (vector[minus[o + 6] as number] as number);
  projection += (vector[plus[o + 7] as number] as number) - (vector[minus[o + 7] as number] as number);
  projection += (vector[plus[o + 8] as number] as number) - (vector[minus[o + 8] as number] as number);
  projection += (vector[plus[o + 9] as number] as number) - (vector[minus[o + 9] as number] as number);
  projection += (vector[plus[o + 10] as number] as number) - (vector[minus[o + 10] as number] as number);
  projection += (vector[plus[o + 11] as number] as number) - (vector[minus[o + 11] as number] as number);
  projection += (vector[plus[o + 12] as number] as number) - (vector[minus[o + 12] as number] as number);
  projection += (vector[plus[o + 13] as number] as number) - (vector[minus[o + 13] as number] as number);
  projection += (vector[plus[o + 14] as number] as number) - (vector[minus[o + 14] as number] as number);
  projection += (vector[plus[o + 15] as number] as number) - (vector[minus[o + 15] as number] as number);
  return projection;
}

/** Heads per table: one list per key of `BITS` bits. */
const KEYS_PER_TABLE = 1 << BITS;

/**
 * The tables of one bucket, over its rows (slots): each table's keys head intrusive linked lists of the slots filed
 * under them, in typed arrays (node `slot * TABLES + table`). Filing, unfiling and a lookup allocate nothing per entry
 * and touch a few adjacent integers rather than a `Map` of `Set`s of string ids (that layout's lookups and adds were
 * most of the semantic cache's miss-path time).
 */
export class LshTables {
  /** Per table and key, the first node filed under it (-1: none). */
  private readonly heads = new Int32Array(TABLES * KEYS_PER_TABLE).fill(-1);
  private next: Int32Array;
  private prev: Int32Array;
  /** Each node's key (to find its list's head when it is unlinked). */
  private keyOf: Uint16Array;
  /** Per slot, the lookup that last named it (so each is named once). */
  private seen: Uint32Array;
  private lookup = 0;

  constructor(capacity = 256) {
    this.next = new Int32Array(capacity * TABLES);
    this.prev = new Int32Array(capacity * TABLES);
    this.keyOf = new Uint16Array(capacity * TABLES);
    this.seen = new Uint32Array(capacity);
  }

  /** Files `slot` under its keys (one per table). The slot must not be filed already. */
  add(slot: number, keys: ArrayLike<number>): void {
    if (slot >= this.seen.length) this.grow(slot + 1);
    for (let table = 0; table < TABLES; table++) {
      const node = slot * TABLES + table;
      const key = keys[table] as number;
      const head = table * KEYS_PER_TABLE + key;
      const first = this.heads[head] as number;
      this.keyOf[node] = key;
      this.prev[node] = -1;
      this.next[node] = first;
      if (first >= 0) this.prev[first] = node;
      this.heads[head] = node;
    }
  }

  /** Unfiles `slot` from every table. */
  remove(slot: number): void {
    for (let table = 0; table < TABLES; table++) {
      const node = slot * TABLES + table;
      const before = this.prev[node] as number;
      const after = this.next[node] as number;
      if (before >= 0) this.next[before] = after;
      else this.heads[table * KEYS_PER_TABLE + (this.keyOf[node] as number)] = after;
      if (after >= 0) this.prev[after] = before;
    }
  }

  /** Refiles the entry at slot `from` as slot `to` (an unfiled slot), under the same keys. */
  move(from: number, to: number): void {
    for (let table = 0; table < TABLES; table++) {
      const source = from * TABLES + table;
      const node = to * TABLES + table;
      const before = this.prev[source] as number;
      const after = this.next[source] as number;
      this.keyOf[node] = this.keyOf[source] as number;
      this.prev[node] = before;
      this.next[node] = after;
      if (before >= 0) this.next[before] = node;
      else this.heads[table * KEYS_PER_TABLE + (this.keyOf[node] as number)] = node;
      if (after >= 0) this.prev[after] = node;
    }
  }

  /** Every slot filed under a probed key of any table, once each. */
  candidates(query: LshKeys): number[] {
    if (++this.lookup === 0xffff_ffff) {
      this.seen.fill(0);
      this.lookup = 1;
    }
    const lookup = this.lookup;
    const found: number[] = [];
    for (let table = 0; table < TABLES; table++) {
      const base = table * KEYS_PER_TABLE;
      for (let probe = 0; probe < 2; probe++) {
        const key = (probe === 0 ? query.keys[table] : query.probes[table]) as number;
        for (let node = this.heads[base + key] as number; node >= 0; node = this.next[node] as number) {
          const slot = (node / TABLES) | 0;
          if (this.seen[slot] === lookup) continue;
          this.seen[slot] = lookup;
          found.push(slot);
        }
      }
    }
    return found;
  }

  private grow(slots: number): void {
    let capacity = this.seen.length * 2;
    while (capacity < slots) capacity *= 2;
    const widen = <A extends Int32Array | Uint16Array | Uint32Array>(from: A, to: A): A => {
      to.set(from);
      return to;
    };
    this.next = widen(this.next, new Int32Array(capacity * TABLES));
    this.prev = widen(this.prev, new Int32Array(capacity * TABLES));
    this.keyOf = widen(this.keyOf, new Uint16Array(capacity * TABLES));
    this.seen = widen(this.seen, new Uint32Array(capacity));
  }
}

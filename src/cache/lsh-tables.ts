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
  readonly plus: Uint16Array;
  readonly minus: Uint16Array;
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
  const plus = new Uint16Array(rows * half);
  const minus = new Uint16Array(rows * half);
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
  const half = NONZERO / 2;
  const keys = new Uint16Array(TABLES);
  const probes = new Uint16Array(TABLES);
  for (let table = 0; table < TABLES; table++) {
    let key = 0;
    let leastMargin = Number.POSITIVE_INFINITY;
    let leastBit = 0;
    for (let bit = 0; bit < BITS; bit++) {
      const offset = (table * BITS + bit) * half;
      let projection = 0;
      for (let k = 0; k < half; k++) {
        projection += (vector[plus[offset + k] as number] as number) - (vector[minus[offset + k] as number] as number);
      }
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

/** The tables of one bucket: which entries each key holds. */
export class LshTables {
  private readonly tables: Map<number, Set<string>>[] = Array.from({ length: TABLES }, () => new Map());

  /** Files `id` under its keys. */
  add(id: string, keys: Uint16Array): void {
    for (let table = 0; table < TABLES; table++) {
      const key = keys[table] as number;
      const map = this.tables[table] as Map<number, Set<string>>;
      let ids = map.get(key);
      if (!ids) {
        ids = new Set();
        map.set(key, ids);
      }
      ids.add(id);
    }
  }

  /** Removes `id` from the keys it was filed under. */
  remove(id: string, keys: Uint16Array): void {
    for (let table = 0; table < TABLES; table++) {
      const key = keys[table] as number;
      const map = this.tables[table] as Map<number, Set<string>>;
      const ids = map.get(key);
      if (!ids) continue;
      ids.delete(id);
      if (ids.size === 0) map.delete(key);
    }
  }

  /** Every id filed under a probed key of any table, once each. */
  candidates(query: LshKeys): Set<string> {
    const found = new Set<string>();
    for (let table = 0; table < TABLES; table++) {
      const map = this.tables[table] as Map<number, Set<string>>;
      for (const key of [query.keys[table] as number, query.probes[table] as number]) {
        const ids = map.get(key);
        if (ids) for (const id of ids) found.add(id);
      }
    }
    return found;
  }
}

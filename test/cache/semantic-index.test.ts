import { describe, expect, it, vi } from 'vitest';
import { LshTables, lshKeys, TABLES } from '../../src/cache/lsh-tables.js';
import { LSH_MIN_ENTRIES, normalizeVector, SemanticIndex } from '../../src/cache/semantic-index.js';
import { seededRandom } from '../../src/core/seeded-random.js';

const DIMS = 512;

const next = seededRandom(42);
const unit = () => normalizeVector(Array.from({ length: DIMS }, () => next() * 2 - 1));
/** `v` moved by `scale` along a random unit direction: cosine ≈ 1 / √(1 + scale²) with `v`. */
const near = (v: Float32Array, scale: number) => {
  const noise = unit();
  return normalizeVector(Array.from(v, (x, d) => x + scale * (noise[d] as number)));
};
const cosine = (a: Float32Array, b: Float32Array) => {
  let sum = 0;
  for (let d = 0; d < a.length; d++) sum += (a[d] as number) * (b[d] as number);
  return sum;
};

describe('LSH tables', () => {
  it('key a vector the same way every time (fixed hyperplanes, so every instance agrees)', () => {
    const v = unit();
    expect([...lshKeys(v).keys]).toEqual([...lshKeys(Float32Array.from(v)).keys]);
    expect(lshKeys(v).keys).toHaveLength(TABLES);
  });

  it('key 2,000 seeded vectors as the looped projection did (a checksum of every key and probe, captured before)', () => {
    const seeded = seededRandom(2027);
    let checksum = 0;
    for (let i = 0; i < 2000; i++) {
      const { keys, probes } = lshKeys(normalizeVector(Array.from({ length: DIMS }, () => seeded() * 2 - 1)));
      for (const list of [keys, probes]) for (const key of list) checksum = (checksum * 31 + key) >>> 0;
    }
    expect(checksum).toBe(1067439800);
  });

  it('name a near-duplicate (cosine ≥ 0.94) as a candidate in at least 98% of 400 pairs, and few unrelated vectors', () => {
    const tables = new LshTables();
    const stored = Array.from({ length: 400 }, unit);
    for (const [i, v] of stored.entries()) tables.add(i, lshKeys(v).keys);
    let found = 0;
    let candidates = 0;
    stored.forEach((v, i) => {
      const query = near(v, 0.36);
      expect(cosine(query, v)).toBeGreaterThan(0.92);
      const named = tables.candidates(lshKeys(query));
      if (named.includes(i)) found += 1;
      expect(new Set(named).size).toBe(named.length);
      candidates += named.length;
    });
    expect(found / stored.length).toBeGreaterThanOrEqual(0.98);
    // 400 entries, 12 tables × 2 probes of 4,096 keys: about 2 unrelated candidates per lookup, far from all 400.
    expect(candidates / stored.length).toBeLessThan(20);
  });

  it('forget an entry removed under its keys', () => {
    const tables = new LshTables();
    const v = unit();
    const { keys } = lshKeys(v);
    tables.add(0, keys);
    expect(tables.candidates(lshKeys(v))).toEqual([0]);
    tables.remove(0);
    expect(tables.candidates(lshKeys(v))).toEqual([]);
  });

  it('find a moved entry under its new slot only, with its neighbours under the same keys kept', () => {
    const tables = new LshTables(2);
    const v = unit();
    const { keys } = lshKeys(v);
    // Three entries under the same keys (one list per table), then the last moves into the first one's hole.
    for (const slot of [0, 1, 2]) tables.add(slot, keys);
    tables.remove(0);
    tables.move(2, 0);
    expect(tables.candidates(lshKeys(v)).sort()).toEqual([0, 1]);
    tables.remove(1);
    expect(tables.candidates(lshKeys(v))).toEqual([0]);
    tables.remove(0);
    expect(tables.candidates(lshKeys(v))).toEqual([]);
  });
});

describe('SemanticIndex scoring bound', () => {
  it('reports the same similarity at any threshold, and never leaves out a row at or above it', () => {
    const index = new SemanticIndex(1_000, 60_000);
    const stored = Array.from({ length: 200 }, unit);
    for (const [i, vector] of stored.entries()) index.add({ id: `e${i}`, bucket: 'b', vector, answerKey: `a${i}` });
    for (let i = 0; i < 200; i++) {
      // Near-duplicates from cosine ~0.6 to ~0.99, and unrelated vectors.
      const query = i % 2 === 0 ? near(stored[i] as Float32Array, 0.1 + (i % 13) * 0.1) : unit();
      // At -1 nothing can be bounded out: every row is scored in full.
      const all = index.search('b', query, -1, 200);
      expect(all).toHaveLength(200);
      const best = all[0] as { similarity: number; entry: { id: string } };
      // At exactly the best similarity, the best row is still found, with the very same number.
      expect(index.search('b', query, best.similarity, 1)).toEqual([best]);
      const cut = 0.3;
      const above = all.filter((m) => m.similarity >= cut);
      expect(index.search('b', query, cut, 200)).toEqual(above);
    }
  });
});

describe('SemanticIndex scoring bounds (after 64 and after 128 coordinates)', () => {
  it('finds a row whose likeness to the query lies past either bound, with the number a full pass gives', () => {
    for (const from of [0, 64, 128]) {
      const index = new SemanticIndex(100, 60_000);
      const query = unit();
      // The row agrees with the query only from coordinate `from` on: its heads score nothing, its tail everything.
      const row = normalizeVector(Array.from(query, (x, d) => (d < from ? 0 : x)));
      index.add({ id: 'hidden', bucket: 'b', vector: row, answerKey: 'a' });
      for (let i = 0; i < 50; i++) index.add({ id: `e${i}`, bucket: 'b', vector: unit(), answerKey: `a${i}` });
      const similarity = cosine(query, row);
      const found = index.search('b', query, similarity - 1e-6, 3);
      expect(found.map((m) => m.entry.id)).toEqual(['hidden']);
      expect(found[0]?.similarity).toBeCloseTo(similarity, 6);
      expect(index.search('b', query, similarity + 1e-4, 3)).toEqual([]);
    }
  });
});

describe('SemanticIndex over a large bucket (searched through LSH)', () => {
  const size = LSH_MIN_ENTRIES * 8;
  const vectors = Array.from({ length: size }, unit);
  const build = () => {
    const index = new SemanticIndex(size, 60_000);
    for (const [i, vector] of vectors.entries()) index.add({ id: `e${i}`, bucket: 'b', vector, answerKey: `a${i}` });
    return index;
  };

  it('finds the near-duplicates the exact scan finds, above the threshold only, most similar first', () => {
    const index = build();
    let expected = 0;
    let found = 0;
    for (let i = 0; i < 150; i++) {
      const query = near(vectors[i * 7] as Float32Array, 0.3);
      const exact = vectors
        .map((v, j) => ({ id: `e${j}`, similarity: cosine(query, v) }))
        .filter((m) => m.similarity >= 0.9);
      const matches = index.search('b', query, 0.9, 3);
      for (const match of matches) expect(match.similarity).toBeGreaterThanOrEqual(0.9);
      expected += exact.length;
      found += matches.filter((m) => exact.some((e) => e.id === m.entry.id)).length;
    }
    expect(expected).toBe(150);
    expect(found / expected).toBeGreaterThanOrEqual(0.98);
  });

  it('stops finding an entry once it is deleted, or replaced by another vector', () => {
    const index = build();
    const target = vectors[3] as Float32Array;
    expect(index.search('b', target, 0.99).map((m) => m.entry.id)).toEqual(['e3']);
    index.delete('e3');
    expect(index.search('b', target, 0.99)).toEqual([]);
    const moved = vectors[4] as Float32Array;
    index.add({ id: 'e4', bucket: 'b', vector: unit(), answerKey: 'a4' });
    expect(index.search('b', moved, 0.99)).toEqual([]);
    // Every other entry is still found after the rows that moved into the holes.
    for (const i of [0, 1, 2, 5, size - 1]) {
      expect(index.search('b', vectors[i] as Float32Array, 0.99).map((m) => m.entry.id)).toEqual([`e${i}`]);
    }
  });

  it('files the rows a bucket held before it reached the LSH size, holes and moved rows included', () => {
    const index = new SemanticIndex(size, 60_000);
    const first = LSH_MIN_ENTRIES - 56;
    for (let i = 0; i < first; i++)
      index.add({ id: `e${i}`, bucket: 'b', vector: vectors[i] as Float32Array, answerKey: `a${i}` });
    // Holes filled by the last rows while the bucket is still scanned flat.
    for (let i = 0; i < first; i += 4) index.delete(`e${i}`);
    for (let i = first; i < first + 300; i++) {
      index.add({ id: `e${i}`, bucket: 'b', vector: vectors[i] as Float32Array, answerKey: `a${i}` });
    }
    expect(index.size).toBeGreaterThanOrEqual(LSH_MIN_ENTRIES);
    for (let i = 0; i < first + 300; i++) {
      const ids = index.search('b', vectors[i] as Float32Array, 0.99).map((m) => m.entry.id);
      expect(ids).toEqual(i < first && i % 4 === 0 ? [] : [`e${i}`]);
    }
  });

  it('evicts least recently used entries out of the LSH tables too', () => {
    const index = new SemanticIndex(LSH_MIN_ENTRIES, 60_000);
    for (const [i, vector] of vectors.entries()) index.add({ id: `e${i}`, bucket: 'b', vector, answerKey: `a${i}` });
    expect(index.size).toBe(LSH_MIN_ENTRIES);
    // The first ones in were evicted; the last is held.
    expect(index.search('b', vectors[0] as Float32Array, 0.99)).toEqual([]);
    expect(index.search('b', vectors[size - 1] as Float32Array, 0.99).map((m) => m.entry.id)).toEqual([`e${size - 1}`]);
  });
});

describe('SemanticIndex TTL checks', () => {
  it('make no timer per add or search (the clock is read, not cached behind a 1 ms setTimeout)', () => {
    vi.useFakeTimers();
    try {
      const index = new SemanticIndex(10, 60_000);
      const vector = Float32Array.from([1, 0, 0, 0]);
      index.add({ id: 'a', bucket: 'b', vector, answerKey: 'ka' });
      expect(index.search('b', vector, 0.9).map((m) => m.entry.id)).toEqual(['a']);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

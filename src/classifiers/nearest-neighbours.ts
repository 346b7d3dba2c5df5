// Cosine k-nearest-neighbour scoring over unit-normalized vectors held in one flat Float32Array.

/** Example vectors normalized to unit length, with their labels and weights. */
export interface NeighbourTable {
  /** Vector length. */
  dimensions: number;
  /** Row-major, one unit vector per example (a zero vector stays zero). */
  vectors: Float32Array;
  /** Label of each example, in [0, 1]. */
  labels: Float64Array;
  /** Weight of each example (≥ 0). */
  weights: Float64Array;
}

/** How neighbours' labels are averaged: by cosine similarity (clamped at 0) × weight, or by weight alone. */
export type NeighbourWeighting = 'similarity' | 'uniform';

function euclideanNorm(vector: readonly number[]): number {
  let sum = 0;
  for (const x of vector) sum += x * x;
  return Math.sqrt(sum);
}

/** Builds a table from raw vectors (normalizing each to unit length). */
export function neighbourTable(
  vectors: readonly (readonly number[])[],
  labels: readonly number[],
  weights: readonly number[] | undefined,
  dimensions: number,
): NeighbourTable {
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, row) => {
    const norm = euclideanNorm(vector);
    if (norm === 0) return;
    for (let d = 0; d < dimensions; d++) flat[row * dimensions + d] = vector[d]! / norm;
  });
  return {
    dimensions,
    vectors: flat,
    labels: Float64Array.from(labels),
    weights: weights ? Float64Array.from(weights) : new Float64Array(labels.length).fill(1),
  };
}

/** The k most similar rows to a query (cosine; ties → lower row first), most similar first. */
export function nearestNeighbours(
  table: NeighbourTable,
  query: readonly number[],
  k: number,
): { rows: number[]; similarities: number[] } {
  const { dimensions, vectors } = table;
  const n = vectors.length / dimensions;
  const norm = euclideanNorm(query);
  const q = new Float64Array(dimensions);
  if (norm > 0) for (let d = 0; d < dimensions; d++) q[d] = query[d]! / norm;
  const count = Math.min(k, n);
  const rows: number[] = [];
  const similarities: number[] = [];
  for (let row = 0; row < n; row++) {
    let dot = 0;
    const offset = row * dimensions;
    for (let d = 0; d < dimensions; d++) dot += q[d]! * vectors[offset + d]!;
    if (rows.length === count && dot <= similarities[count - 1]!) continue;
    let at = rows.length === count ? count - 1 : rows.length;
    while (at > 0 && similarities[at - 1]! < dot) at--;
    rows.splice(at, 0, row);
    similarities.splice(at, 0, dot);
    if (rows.length > count) {
      rows.pop();
      similarities.pop();
    }
  }
  return { rows, similarities };
}

/**
 * The weighted share of the k nearest examples that needed the strong model: Σ wᵢ·labelᵢ / Σ wᵢ with
 * wᵢ = weightᵢ × max(similarityᵢ, 0) (`similarity`) or wᵢ = weightᵢ (`uniform`). When every wᵢ is 0 (no neighbour
 * points the same way), the neighbours' plain mean label.
 */
export function knnScore(
  table: NeighbourTable,
  query: readonly number[],
  k: number,
  weighting: NeighbourWeighting,
): number {
  const { rows, similarities } = nearestNeighbours(table, query, k);
  let weighted = 0;
  let total = 0;
  rows.forEach((row, i) => {
    const w = table.weights[row]! * (weighting === 'similarity' ? Math.max(similarities[i]!, 0) : 1);
    weighted += w * table.labels[row]!;
    total += w;
  });
  if (total > 0) return weighted / total;
  let sum = 0;
  for (const row of rows) sum += table.labels[row]!;
  return sum / rows.length;
}

import { createHash } from 'node:crypto';
import type { Embedder } from '../../src/index.js';

/** A text's bag-of-words vector: each lower-cased word adds 1 to a hashed dimension of `dimensions`. */
export function wordVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const slot = createHash('md5').update(word).digest().readUInt32LE(0) % dimensions;
    vector[slot] = (vector[slot] as number) + 1;
  }
  return vector;
}

/**
 * A deterministic Embedder for tests: each lower-cased word adds 1 to a hashed dimension, so the cosine of two texts is
 * their word overlap. No model; `calls` counts embed calls.
 */
export function bagOfWordsEmbedder(dimensions = 512): Embedder & { calls: number } {
  const embedder = {
    name: 'bag-of-words-test',
    dimensions,
    calls: 0,
    async embed(texts: string[]): Promise<number[][]> {
      embedder.calls += 1;
      return texts.map((text) => wordVector(text, dimensions));
    },
  };
  return embedder;
}

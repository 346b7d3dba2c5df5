// An Embedder behind a JSONL file cache (one `{ t, v }` a line): each text is embedded once across runs, because the
// Universal Sentence Encoder is slow on a loaded machine. Env ROUTEWISE_EMBEDDINGS_CACHE moves the file.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Embedder } from '../../src/index.js';

/** Where the embeddings are cached. */
export const embeddingsCachePath = process.env.ROUTEWISE_EMBEDDINGS_CACHE ?? '/tmp/routewise-use-embeddings.jsonl';

/** `inner` behind the file cache. */
export function cachedEmbedder(inner: Embedder, path = embeddingsCachePath): Embedder {
  const known = new Map<string, number[]>();
  if (existsSync(path)) {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line) continue;
      const { t, v } = JSON.parse(line) as { t: string; v: number[] };
      known.set(t, v);
    }
  }
  return {
    name: inner.name,
    dimensions: inner.dimensions,
    async embed(texts) {
      const missing = [...new Set(texts.filter((text) => !known.has(text)))];
      if (missing.length > 0) {
        const vectors = await inner.embed(missing);
        missing.forEach((text, i) => {
          known.set(text, vectors[i] as number[]);
          appendFileSync(path, `${JSON.stringify({ t: text, v: vectors[i] })}\n`);
        });
      }
      return texts.map((text) => known.get(text) as number[]);
    },
  };
}

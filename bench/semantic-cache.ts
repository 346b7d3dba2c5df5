/**
 * False hits vs true hits of the semantic cache, through `router.complete`: for each labelled pair, a fresh tenant
 * asks one question, then the other; a hit is the second served from the cache. A duplicate served is a true hit, a
 * non-duplicate served is a false hit. Prints the whole curve (threshold → true-hit and false-hit rate, with and
 * without the lexical check), what `calibrateSemanticCache` picks at ≤ 1% false hits, and the operating point of
 * the shipped defaults. The embedder is the offline Universal Sentence Encoder (a devDependency); embeddings are
 * cached in a file (default /tmp/routewise-use-embeddings.jsonl), because the model is slow on a loaded machine.
 *
 * Run: npx tsx bench/semantic-cache.ts [path/to/qqp/pairs.jsonl] [--limit N] [--offset N]
 *   --offset skips the first N pairs (the shipped defaults are calibrated on QQP dev pairs 5,500–10,000: measure them
 *   held out with --limit 5500, in sample with --offset 5500). The repo's own set (test/fixtures/semantic-cache/pairs.jsonl) always runs; the QQP dev pairs only when a path is
 *   given (the repo does not depend on them). Env ROUTEWISE_EMBEDDINGS_CACHE moves the embedding cache.
 */
import { existsSync, readFileSync } from 'node:fs';
import {
  calibrateSemanticCache,
  createRouter,
  DEFAULT_LEXICAL_CHECK,
  DEFAULT_SEMANTIC_THRESHOLD,
  type Embedder,
} from '../src/index.js';
import type { LabelledPair } from '../src/cache/calibrate-semantic-cache.js';
import type { LexicalCheckSettings } from '../src/cache/response-cache-config.js';
import { universalSentenceEncoder } from '../src/embedders/universal-sentence-encoder.js';
import type { ProviderAdapter } from '../src/providers/spec/provider.js';
import type { ChatResponse } from '../src/providers/spec/response.js';
import { cachedEmbedder } from './support/cached-embedder.js';

const args = process.argv.slice(2);
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Number.POSITIVE_INFINITY;
const offsetAt = args.indexOf('--offset');
const offset = offsetAt >= 0 ? Number(args[offsetAt + 1]) : 0;
const qqpPath = args.find(
  (arg, i) => !arg.startsWith('--') && (limitAt < 0 || i !== limitAt + 1) && (offsetAt < 0 || i !== offsetAt + 1),
);

/** An in-process model: answers at once, billed like a small model, so the bench measures the cache alone. */
const local: ProviderAdapter = {
  name: 'local',
  priceProviderId: undefined,
  async complete(): Promise<ChatResponse> {
    return {
      text: 'an answer',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 20, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 50, reasoningTokens: 0 },
      warnings: [],
      raw: {},
    };
  },
  async *stream() {
    yield { type: 'finish' as const, response: await local.complete('', { messages: [], maxOutputTokens: 1 }) };
  },
};

function readPairs(path: string, max = Number.POSITIVE_INFINITY, skip = 0): LabelledPair[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(skip, skip + max)
    .map((line) => JSON.parse(line) as LabelledPair);
}

/**
 * Similarity at which each pair's second question was served (undefined: not served) under one lexical setting
 * (undefined: the shipped default check).
 */
async function servedAt(embedder: Embedder, pairs: LabelledPair[], lexical: LexicalCheckSettings | false | undefined) {
  const router = createRouter({
    providers: { local },
    models: { small: { provider: 'local', model: 'echo' } },
    prices: { 'local:echo': { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
    // Threshold -1: every candidate reaches the second check, so one pass gives the whole curve.
    responseCache: {
      semantic: { embedder, threshold: -1, maxEntries: 1_000_000, ...(lexical === undefined ? {} : { lexical }) },
    },
  });
  const out: (number | undefined)[] = [];
  let tenant = 0;
  for (const pair of pairs) {
    tenant += 1;
    const ask = (content: string) =>
      router.complete({
        model: 'small',
        temperature: 0,
        metadata: { tenant: `bench-${tenant}` },
        messages: [{ role: 'user', content }],
      });
    await ask(pair.a);
    const second = await ask(pair.b);
    out.push(second.cache?.hit === 'semantic' ? second.cache.similarity : undefined);
  }
  return out;
}

function rates(pairs: LabelledPair[], served: (number | undefined)[], threshold: number) {
  let trueHits = 0;
  let falseHits = 0;
  let duplicates = 0;
  pairs.forEach((pair, i) => {
    if (pair.duplicate) duplicates++;
    const similarity = served[i];
    if (similarity === undefined || similarity < threshold) return;
    if (pair.duplicate) trueHits++;
    else falseHits++;
  });
  return { trueHitRate: trueHits / duplicates, falseHitRate: falseHits / (pairs.length - duplicates) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function run(name: string, pairs: LabelledPair[], embedder: Embedder) {
  const started = performance.now();
  const withLexical = await servedAt(embedder, pairs, undefined);
  const without = await servedAt(embedder, pairs, false);
  const duplicates = pairs.filter((p) => p.duplicate).length;
  console.log(
    `\n## ${name}: ${pairs.length} pairs (${duplicates} duplicates), ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(
    `threshold | lexical ${JSON.stringify(DEFAULT_LEXICAL_CHECK)}: true hits  false hits | no check: true hits  false hits`,
  );
  // Coarse where nothing happens, by 0.01 where the operating points are.
  const thresholds = [0.6, 0.7, 0.8, ...Array.from({ length: 16 }, (_, i) => 0.85 + i * 0.01)];
  for (const t of thresholds) {
    const a = rates(pairs, withLexical, t);
    const b = rates(pairs, without, t);
    console.log(
      `${t.toFixed(3)}     | ${pct(a.trueHitRate).padStart(17)} ${pct(a.falseHitRate).padStart(11)} | ${pct(b.trueHitRate).padStart(18)} ${pct(b.falseHitRate).padStart(11)}`,
    );
  }
  const chosen = await calibrateSemanticCache({ embedder, pairs, maxFalseHitRate: 0.01 });
  console.log(
    `calibrateSemanticCache(maxFalseHitRate 1%): threshold ${chosen.threshold}, lexical ${JSON.stringify(chosen.lexical)}, ` +
      `true hits ${pct(chosen.trueHitRate)}, false hits ${pct(chosen.falseHitRate)}`,
  );
  for (const option of chosen.options) {
    console.log(
      `  option lexical ${JSON.stringify(option.lexical)}: threshold ${option.threshold}, true ${pct(option.trueHitRate)}, false ${pct(option.falseHitRate)}`,
    );
  }
  const defaults = rates(pairs, withLexical, DEFAULT_SEMANTIC_THRESHOLD);
  console.log(
    `shipped defaults (threshold ${DEFAULT_SEMANTIC_THRESHOLD}, lexical ${JSON.stringify(DEFAULT_LEXICAL_CHECK)}), through router.complete: ` +
      `true hits ${pct(defaults.trueHitRate)}, false hits ${pct(defaults.falseHitRate)}`,
  );
}

const embedder = cachedEmbedder(universalSentenceEncoder());
await run(
  'own set (test/fixtures/semantic-cache/pairs.jsonl)',
  readPairs('test/fixtures/semantic-cache/pairs.jsonl'),
  embedder,
);
if (qqpPath) {
  const range = `pairs ${offset}–${Number.isFinite(limit) ? offset + limit : 'end'}`;
  if (existsSync(qqpPath)) await run(`QQP dev (${qqpPath}, ${range})`, readPairs(qqpPath, limit, offset), embedder);
  else console.log(`\n(no file at ${qqpPath}: QQP skipped)`);
}

/**
 * Response-cache benchmarks (issue 9):
 *
 *  1. semantic index lookup p50 / p99 at 10k and 100k entries in memory (512-dimension unit Float32Arrays, one bucket,
 *     searched through its LSH tables) and memory per entry; an exact flat scan over one Float32Array per entry is
 *     timed alongside, and the matches the index finds are counted against the scan's (recall). Target: p50 < 2 ms at
 *     100k.
 *  2. cross-instance propagation through Redis: the time from one instance indexing an entry (the Redis stream
 *     append) to another instance's lookup finding it. Needs Redis (REDIS_URL, default 127.0.0.1:6379).
 *  3. the router's per-call overhead with both caches on, miss path (every question new), against a direct OpenAI SDK
 *     call to the same local stand-in server, in one run, interleaved in random order. The embedding is excluded: a
 *     fixed fake embedder returns precomputed vectors. Target: p50 ratio <= 1.25x.
 *
 * Run: npm run bench:cache   (or npx tsx --expose-gc bench/response-cache.ts [index|redis|overhead])
 * Env: BENCH_QUERIES (lookups per size, default 200), BENCH_CALLS (overhead calls per side, default 2000).
 */
import { randomUUID } from 'node:crypto';
import OpenAI from 'openai';
import { createSemanticCache } from '../src/cache/semantic-cache.js';
import { LSH_MIN_ENTRIES, normalizeVector, SemanticIndex } from '../src/cache/semantic-index.js';
import { createRouter, type Embedder, openai, redisStore } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';
import { seededRandom } from '../src/core/seeded-random.js';

const DIMS = 512;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const fmt = (ms: number) => `${ms.toFixed(3)} ms`;

/** `v` moved by `scale` along the unit vector `noise` and renormalized: cosine ≈ 1 / √(1 + scale²) with `v`. */
function nearDuplicate(v: Float32Array, noise: Float32Array, scale: number): Float32Array {
  return normalizeVector(Array.from(v, (x, d) => x + scale * (noise[d] as number)));
}

function unitVectors(count: number, seed: number): Float32Array[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => normalizeVector(Array.from({ length: DIMS }, () => next() * 2 - 1)));
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapBytes(): number {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function benchIndex(): Promise<void> {
  console.log(
    `\n1. semantic index lookup, ${DIMS} dims, one bucket (LSH from ${LSH_MIN_ENTRIES} entries), ${QUERIES} queries`,
  );
  if (!gc) console.log('   (run with --expose-gc for the memory figures)');
  const queries = unitVectors(QUERIES, 7);
  for (const size of [10_000, 100_000]) {
    const vectors = unitVectors(size, size);
    const before = heapBytes();
    const index = new SemanticIndex(size, 3_600_000);
    for (let i = 0; i < size; i++) {
      // As the router indexes: the answer's key (tenant scope + SHA-256) is the entry's id too.
      const key = `cache:v1:t-0123456789abcdef0123456789abcdef:${i.toString(16).padStart(64, '0')}`;
      index.add({ id: key, bucket: 'bench', vector: vectors[i] as Float32Array, answerKey: key });
    }
    const perEntry = (heapBytes() - before) / size;
    // Every tenth query a near-duplicate of a stored vector (cosine ≈ 0.955, just above the 0.95 threshold), so
    // matches are found and sorted too, and the LSH path's recall is measured against the exact scan below.
    const noise = unitVectors(QUERIES, 11);
    const probes = queries.map((q, i) =>
      i % 10 === 0 ? nearDuplicate(vectors[i * 37] as Float32Array, noise[i] as Float32Array, 0.31) : q,
    );
    for (const q of probes.slice(0, 20)) index.search('bench', q, 0.95);
    const times: number[] = [];
    let found = 0;
    // CPU time too: on a loaded machine the wall time mostly measures waiting for a core.
    const cpuStart = process.cpuUsage();
    for (const q of probes) {
      const start = performance.now();
      found += index.search('bench', q, 0.95).length;
      times.push(performance.now() - start);
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuPerLookup = (cpu.user + cpu.system) / 1000 / probes.length;
    times.sort((a, b) => a - b);

    // The previous layout: one Float32Array per entry, scanned with a plain loop.
    let exactHits = 0;
    const naive = (q: Float32Array) => {
      let hits = 0;
      for (const v of vectors) {
        let sum = 0;
        for (let d = 0; d < DIMS; d++) sum += (q[d] as number) * (v[d] as number);
        if (sum >= 0.95) hits++;
      }
      return hits;
    };
    const naiveTimes: number[] = [];
    for (const q of probes.slice(0, 20)) naive(q);
    for (const q of probes) {
      const start = performance.now();
      exactHits += naive(q);
      naiveTimes.push(performance.now() - start);
    }
    naiveTimes.sort((a, b) => a - b);
    console.log(
      `   ${String(size).padStart(7)} entries: p50 ${fmt(percentile(times, 50))}  p99 ${fmt(percentile(times, 99))}` +
        `  (CPU ${fmt(cpuPerLookup)} per lookup)` +
        `   memory ${gc ? `${Math.round(perEntry)} B/entry` : 'n/a'}   (matches found ${found} of ${exactHits})` +
        `   | one array per entry: p50 ${fmt(percentile(naiveTimes, 50))}  p99 ${fmt(percentile(naiveTimes, 99))}`,
    );
  }
  console.log('   target: p50 < 2 ms at 100k entries');
}

/** A fixed fake embedder: precomputed unit vectors, one per call in turn (no model, no work beyond a copy). */
function fakeEmbedder(): Embedder {
  const pool = unitVectors(4096, 99).map((v) => Array.from(v));
  let next = 0;
  return {
    name: 'bench-fixed',
    dimensions: DIMS,
    async embed(texts) {
      return texts.map(() => pool[next++ % pool.length] as number[]);
    },
  };
}

async function benchRedis(): Promise<void> {
  const SAMPLES = 200;
  console.log(`\n2. cross-instance propagation through Redis (${REDIS_URL}), ${SAMPLES} entries`);
  const prefix = `rwbench_${randomUUID().slice(0, 8)}`;
  const storeA = redisStore({ url: REDIS_URL, prefix });
  const storeB = redisStore({ url: REDIS_URL, prefix });
  // B embeds "the same question": this embedder returns the vector A indexed.
  let current: Float32Array = new Float32Array(DIMS);
  const embedder: Embedder = {
    name: 'bench-current',
    dimensions: DIMS,
    embed: async (texts) => texts.map(() => Array.from(current)),
  };
  const config = { embedder, threshold: 0.95 };
  const a = createSemanticCache(config, storeA);
  const b = createSemanticCache(config, storeB);
  const vectors = unitVectors(SAMPLES, 5);
  const times: number[] = [];
  const request = { messages: [{ role: 'user' as const, content: 'the question' }] };
  try {
    // Let B's follower connect and start blocking on the stream.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < SAMPLES; i++) {
      current = vectors[i] as Float32Array;
      const probe = { bucket: `shared:ctx${i}`, vector: current, candidates: [], embeddingUsd: 0 };
      const start = performance.now();
      a.add(probe, `cache:v1:shared:answer${i}`, 60_000);
      // B's lookup, as its router runs it, until it finds A's entry.
      for (;;) {
        const found = await b.probe(request, 'shared', `ctx${i}`, 'the question');
        if (found && 'candidates' in found && found.candidates.length > 0) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      times.push(performance.now() - start);
    }
  } finally {
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  }
  times.sort((x, y) => x - y);
  console.log(
    `   set on instance A -> hit on instance B: p50 ${fmt(percentile(times, 50))}  p99 ${fmt(percentile(times, 99))}  max ${fmt(times.at(-1) as number)}`,
  );
}

async function benchOverhead(): Promise<void> {
  console.log(`\n3. router overhead, exact + semantic caches on, miss path, ${CALLS} calls per side, random order`);
  const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
    responseCache: { exact: true, semantic: { embedder: fakeEmbedder() } },
  });
  let n = 0;
  const messages = () => [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: `What is the capital of country number ${n++}? Answer in one sentence.` },
  ];
  const direct = () =>
    sdk.chat.completions.create(
      { model: 'gpt-4o-mini', messages: messages(), max_completion_tokens: 256, temperature: 0 },
      { maxRetries: 0, timeout: 600_000 },
    );
  let misses = 0;
  const routed = async () => {
    const res = await router.complete({ model: 'mini', messages: messages(), maxOutputTokens: 256, temperature: 0 });
    if (res.cache?.hit === false && res.cache.skipped === undefined) misses++;
  };
  for (let i = 0; i < 300; i++) {
    await direct();
    await routed();
  }
  misses = 0;
  const next = seededRandom(42);
  const directTimes: number[] = [];
  const routerTimes: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const order = next() < 0.5 ? ([direct, routed] as const) : ([routed, direct] as const);
    for (const fn of order) {
      const start = performance.now();
      await fn();
      (fn === direct ? directTimes : routerTimes).push(performance.now() - start);
    }
  }
  server.close();
  await router.close();
  directTimes.sort((a, b) => a - b);
  routerTimes.sort((a, b) => a - b);
  const row = (name: string, t: number[]) =>
    `   ${name.padEnd(34)} p50 ${fmt(percentile(t, 50))}   p99 ${fmt(percentile(t, 99))}`;
  console.log(row('direct openai SDK', directTimes));
  console.log(row(`router.complete, caches on (${misses} misses)`, routerTimes));
  const p50 = percentile(routerTimes, 50) / percentile(directTimes, 50);
  const p99 = percentile(routerTimes, 99) / percentile(directTimes, 99);
  console.log(`   ratio router/direct p50 ${p50.toFixed(3)}x   p99 ${p99.toFixed(3)}x   (target p50 <= 1.25x)`);
}

async function main() {
  const only = process.argv[2];
  console.log(`bench/response-cache (node ${process.version})`);
  if (!only || only === 'index') await benchIndex();
  if (!only || only === 'redis') await benchRedis();
  if (!only || only === 'overhead') await benchOverhead();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * Decision time of cascadeRouting() with learned heads over 11 models of three providers, provider calls excluded:
 * per request, `decide()` (11 learned heads on the prompt, 11 expected costs from the catalog and the request's token
 * estimate, the rule's first pick) and then, as the answers come in, every `next()` (keys, posteriors, the rule) and,
 * with BENCH_STREAM=1, `isFinal()` (may the next call stream live?) until the rule stops. The answers are the
 * synthetic rows' recorded ones, so requests make one to several calls as they would live. The heads and the cascade
 * estimates are trained on 1,100 synthetic rows (4 tasks; nothing read from disk), timed on held-out prompts of
 * 40–160 words, a new one per request (no token count remembered from an earlier request), each with its own policy
 * context as live.
 * Target (issue 11): p50 under 100 µs per request.
 *
 * Run: npx tsx bench/cascade-routing-decision.ts   (env BENCH_REQUESTS, default 6000; BENCH_LAMBDA, default 3: about
 * 2.3 calls per request; BENCH_STREAM=1: as under router.stream, each call also asked whether it is certainly final)
 */
import type { AcceptanceAnswer, EvalDataset, EvalRow, RouteDecision, RoutingContext } from '../src/index.js';
import {
  anthropic,
  cascadeRouting,
  createRouter,
  google,
  learnedQuality,
  openai,
  trainCascadeRouting,
  trainLearnedHeads,
} from '../src/index.js';
import { seededRandom } from '../src/core/seeded-random.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 6000);
const LAMBDA = Number(process.env.BENCH_LAMBDA ?? 3);
/** As under `router.stream`: before each call, also whether it is certainly final (so may stream live). */
const STREAM = process.env.BENCH_STREAM === '1';

/** 11 models of three providers, priced from the bundled catalog; skill per task (chance of a right answer). */
const MODELS: Array<{ name: string; provider: 'openai' | 'anthropic' | 'google'; model: string; skill: number[] }> = [
  { name: 'nano', provider: 'openai', model: 'gpt-4.1-nano', skill: [0.55, 0.3, 0.6, 0.4] },
  { name: 'mini41', provider: 'openai', model: 'gpt-4.1-mini', skill: [0.75, 0.55, 0.7, 0.6] },
  { name: 'gpt41', provider: 'openai', model: 'gpt-4.1', skill: [0.85, 0.7, 0.8, 0.75] },
  { name: '4o-mini', provider: 'openai', model: 'gpt-4o-mini', skill: [0.65, 0.45, 0.65, 0.5] },
  { name: 'o4-mini', provider: 'openai', model: 'o4-mini', skill: [0.8, 0.9, 0.7, 0.8] },
  { name: 'haiku', provider: 'anthropic', model: 'claude-haiku-4-5', skill: [0.75, 0.6, 0.75, 0.7] },
  { name: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-6', skill: [0.9, 0.85, 0.85, 0.9] },
  { name: 'opus', provider: 'anthropic', model: 'claude-opus-4-1', skill: [0.92, 0.88, 0.88, 0.92] },
  { name: 'flash-lite', provider: 'google', model: 'gemini-2.5-flash-lite', skill: [0.6, 0.45, 0.65, 0.5] },
  { name: 'flash', provider: 'google', model: 'gemini-2.5-flash', skill: [0.8, 0.75, 0.75, 0.7] },
  { name: 'pro', provider: 'google', model: 'gemini-2.5-pro', skill: [0.9, 0.9, 0.85, 0.85] },
];
const TASKS = ['trivia', 'maths', 'commonsense', 'code-review'];
const WORDS =
  'the a of to in is that for on with as by at from which what when how why number value list function answer ' +
  'city river year first largest smallest total sum product prime even odd sentence reason because choose option ' +
  'correct best describe compare explain person place object color animal planet element country language capital'.split(
    ' ',
  );

function syntheticRows(n: number, seed: number): EvalRow[] {
  const next = seededRandom(seed);
  return Array.from({ length: n }, (_, r) => {
    const t = r % TASKS.length;
    const length = 40 + Math.floor(next() * 120);
    const words = Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]!);
    const prompt = `${TASKS[t]} question ${r}: ${words.join(' ')}? Options: A, B, C or D.`;
    const right = 'ABCD'[Math.floor(next() * 4)]!;
    const hardness = next() - 0.5;
    const outcomes = Object.fromEntries(
      MODELS.map((m) => {
        const ok = next() < Math.min(0.98, Math.max(0.02, m.skill[t]! - hardness * 0.4));
        const letter = ok ? right : 'ABCD'.replace(right, '')[Math.floor(next() * 3)]!;
        return [m.name, { quality: ok ? 1 : 0, costUsd: 0, response: `The answer is ${letter}.` }];
      }),
    );
    return { prompt, task: TASKS[t]!, outcomes, columns: {} };
  });
}

const WARMUP = 1500;
const train = syntheticRows(1100, 7);
// Every timed request has a prompt of its own: no token count is remembered from an earlier request.
const held = syntheticRows(WARMUP + REQUESTS, 8);
const dataset: EvalDataset = { models: MODELS.map((m) => m.name), rows: train, hasResponses: true, notes: [] };
const startedTraining = performance.now();
const heads = trainLearnedHeads(
  train.map((row) => ({
    prompt: row.prompt,
    task: row.task!,
    labels: Object.fromEntries(MODELS.map((m) => [m.name, row.outcomes[m.name]!.quality])),
  })),
  { seed: 1 },
);
const learned = trainCascadeRouting(dataset);
const trainingMs = performance.now() - startedTraining;
const policy = cascadeRouting({
  candidates: Object.fromEntries(MODELS.map((m) => [m.name, m.name])),
  learned,
  predictor: learnedQuality({ model: heads }),
  lambda: LAMBDA,
  outputTokens: 300,
});

// The router's own policy context (its estimateCostUsd prices a step exactly as the budget check will), one per
// request as live: captured from a request whose decision is then abandoned (untimed), so no provider is called.
let context: RoutingContext | undefined;
const STOP = new Error('captured');
const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'bench-no-key' }),
    anthropic: anthropic({ apiKey: 'bench-no-key' }),
    google: google({ apiKey: 'bench-no-key' }),
  },
  models: Object.fromEntries(MODELS.map((m) => [m.name, { provider: m.provider, model: m.model }])),
  policy: {
    name: 'capture',
    decide(_request, ctx) {
      context = ctx;
      throw STOP;
    },
  },
});
async function contextFor(request: { messages: { role: 'user'; content: string }[] }): Promise<RoutingContext> {
  context = undefined;
  await router.complete(request).catch((error) => {
    if (error !== STOP && !(error instanceof Error && error.message.includes('captured'))) throw error;
  });
  if (!context) throw new Error('no policy context captured');
  return context;
}

function answerOf(row: EvalRow, name: string): AcceptanceAnswer {
  return {
    text: row.outcomes[name]!.response!,
    originalText: row.outcomes[name]!.response!,
    toolCalls: [],
    finishReason: 'stop',
    alias: name,
    provider: 'bench',
    model: name,
    usage: { inputTokens: 100, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 10, reasoningTokens: 0 },
    warnings: [],
  };
}

const requestOf = (row: EvalRow) => ({
  messages: [{ role: 'user' as const, content: row.prompt }],
  maxOutputTokens: 600,
  metadata: { feature: row.task! },
});

/** One request's whole decision work: decide, then next/isFinal after each (recorded) answer until the rule stops. */
async function decideRequest(row: EvalRow, ctx: RoutingContext): Promise<{ calls: number; decisions: number }> {
  const decision: RouteDecision = await policy.decide(requestOf(row), ctx);
  const plan = decision.plan!;
  const outcomes: Parameters<typeof plan.next>[0][number][] = [];
  let decisions = 0;
  for (;;) {
    const choice = await plan.next(outcomes);
    decisions++;
    if (choice.next === undefined) break;
    if (STREAM) plan.isFinal?.(outcomes, choice.next);
    const alias = decision.steps[choice.next]!.model;
    outcomes.push({ index: choice.next, verdict: 'accepted', checked: false, answer: answerOf(row, alias) });
  }
  return { calls: outcomes.length, decisions };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

for (let i = 0; i < WARMUP; i++) await decideRequest(held[i]!, await contextFor(requestOf(held[i]!)));
const micros: number[] = [];
/** CPU time per request (user + system), per block of requests: steadier than wall time on a loaded machine. */
const cpuPerRequest: number[] = [];
const BLOCK = 50;
let calls = 0;
let decisions = 0;
for (let b = WARMUP; b < WARMUP + REQUESTS; b += BLOCK) {
  const rows = held.slice(b, Math.min(b + BLOCK, WARMUP + REQUESTS));
  const contexts: RoutingContext[] = [];
  for (const row of rows) contexts.push(await contextFor(requestOf(row)));
  const cpu = process.cpuUsage();
  for (let i = 0; i < rows.length; i++) {
    const start = process.hrtime.bigint();
    const done = await decideRequest(rows[i]!, contexts[i]!);
    micros.push(Number(process.hrtime.bigint() - start) / 1000);
    calls += done.calls;
    decisions += done.decisions;
  }
  const used = process.cpuUsage(cpu);
  cpuPerRequest.push((used.user + used.system) / rows.length);
}
micros.sort((a, b) => a - b);
cpuPerRequest.sort((a, b) => a - b);

// The parts, for scale: 11 heads alone, 11 expected costs alone.
const predictor = learnedQuality({ model: heads });
const part = async (fn: (row: EvalRow, ctx: RoutingContext) => unknown) => {
  const times: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const row = held[WARMUP + (i % REQUESTS)]!;
    const ctx = await contextFor(requestOf(row));
    const start = process.hrtime.bigint();
    fn(row, ctx);
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return percentile(
    times.sort((a, b) => a - b),
    0.5,
  );
};
const headsP50 = await part((row) => predictor.predict({ prompt: row.prompt, task: row.task! }));
const costsP50 = await part((row, ctx) => {
  const request = requestOf(row);
  for (const m of MODELS) ctx.estimateCostUsd!({ model: m.name }, request, { outputTokens: 300 });
});

const { loadavg } = await import('node:os');
console.log(
  `cascadeRouting decision time, 11 models (3 providers), learned heads + learned cascade estimates, λ = ${LAMBDA}; ` +
    `${STREAM ? 'stream' : 'complete'} path; ${REQUESTS} requests over as many held-out prompts (trained in ${(trainingMs / 1000).toFixed(1)} s); ` +
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);
console.log(
  `per request (decide + every next${STREAM ? '/isFinal' : ''}, calls excluded): p50 ${percentile(micros, 0.5).toFixed(1)} µs, ` +
    `p95 ${percentile(micros, 0.95).toFixed(1)} µs, p99 ${percentile(micros, 0.99).toFixed(1)} µs; ` +
    `${(calls / REQUESTS).toFixed(2)} calls and ${(decisions / REQUESTS).toFixed(2)} decisions per request`,
);
console.log(
  `CPU time per request (median over blocks of ${BLOCK}): ${percentile(cpuPerRequest, 0.5).toFixed(1)} µs ` +
    '(wall time includes waiting for a core on a loaded machine; CPU time does not)',
);
console.log(`parts (p50): 11 learned heads ${headsP50.toFixed(1)} µs; 11 expected costs ${costsP50.toFixed(1)} µs`);
console.log(
  `target: p50 < 100 µs — wall ${percentile(micros, 0.5) < 100 ? 'met' : 'NOT met'}, ` +
    `CPU ${percentile(cpuPerRequest, 0.5) < 100 ? 'met' : 'NOT met'}`,
);

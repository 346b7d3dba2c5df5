/**
 * Overhead of `routewiseModel` under the AI SDK's `generateText`, against the AI SDK's own OpenAI provider
 * (`@ai-sdk/openai`, Chat Completions) calling the same local HTTP server (a real socket, not msw) in the same run.
 * Both sides run the whole of `generateText`; they differ only in the model: `openai.chat('gpt-4o-mini')` or
 * `routewiseModel(router, { model: 'mini' })` (routewise's pinned route through the official `openai` SDK).
 * Calls are interleaved in a random order per round, so machine noise hits both alike. Prints p50 / p99 per call
 * and the ratio. Target: p50 ratio ≤ 1.10.
 *
 * Two more sides, interleaved with the others, split the figure: `routewiseModel.doGenerate` against
 * `router.complete` with the same request (what the adapter itself adds), without the AI SDK's own layers.
 *
 * Run: npm run bench:ai-sdk   (env BENCH_CALLS=N to change the number of measured calls per side)
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type LanguageModel } from 'ai';
import { routewiseModel } from '../src/ai-sdk/index.js';
import { createRouter, openai } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;

const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const system = 'You are a concise assistant.';
  const prompt = 'What is the capital of France? Answer in one sentence.';

  const direct = createOpenAI({ apiKey: 'sk-bench-not-a-key', baseURL }).chat('gpt-4o-mini');
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });
  const routed = routewiseModel(router, { model: 'mini' });

  const call = (model: LanguageModel) => generateText({ model, system, prompt, maxOutputTokens: 256 });
  const specPrompt = [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: [{ type: 'text' as const, text: prompt }] },
  ];
  const messages = [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: prompt },
  ];
  const side = (name: string, run: () => PromiseLike<unknown>) => ({ name, run, times: [] as number[] });
  const sides = [
    side('generateText + @ai-sdk/openai', () => call(direct)),
    side('generateText + routewiseModel', () => call(routed)),
    side('router.complete', () => router.complete({ model: 'mini', messages, maxOutputTokens: 256 })),
    side('routewiseModel.doGenerate', () => routed.doGenerate({ prompt: specPrompt, maxOutputTokens: 256 })),
  ];
  // Both answer alike before anything is timed.
  for (const model of [direct, routed]) {
    const { text } = await call(model);
    if (text !== 'The capital of France is Paris.')
      throw new Error(`${model.provider} answered ${JSON.stringify(text)}`);
  }
  for (let i = 0; i < WARMUP; i++) for (const s of sides) await s.run();

  for (let i = 0; i < CALLS; i++) {
    // A fresh random order each round (Fisher–Yates).
    const order = [...sides];
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(Math.random() * (j + 1));
      [order[j], order[k]] = [order[k] as (typeof sides)[0], order[j] as (typeof sides)[0]];
    }
    for (const s of order) {
      const start = performance.now();
      await s.run();
      s.times.push(performance.now() - start);
    }
  }
  server.close();
  await router.close();

  for (const s of sides) s.times.sort((a, b) => a - b);
  const [base, ours, complete, adapter] = sides as [
    (typeof sides)[0],
    (typeof sides)[0],
    (typeof sides)[0],
    (typeof sides)[0],
  ];
  const row = (s: (typeof sides)[0]) =>
    `${s.name.padEnd(30)} p50 ${percentile(s.times, 50).toFixed(3)} ms   p99 ${percentile(s.times, 99).toFixed(3)} ms`;
  const ratio = (a: (typeof sides)[0], b: (typeof sides)[0], p: number) =>
    (percentile(a.times, p) / percentile(b.times, p)).toFixed(3);
  console.log(`bench/ai-sdk-overhead: ${CALLS} calls per side, local HTTP server, random interleaving`);
  for (const s of sides) console.log(row(s));
  console.log(
    `ratio routewiseModel/@ai-sdk/openai under generateText   p50 ${ratio(ours, base, 50)}x   p99 ${ratio(ours, base, 99)}x   (target p50 <= 1.10x)`,
  );
  console.log(`ratio doGenerate/router.complete (the adapter alone)    p50 ${ratio(adapter, complete, 50)}x`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

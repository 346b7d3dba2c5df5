/**
 * Overhead of `router.openai.chat.completions.create` over the same call through the direct `openai` client.
 *
 * The same params go to both, against one local HTTP server (a real socket) answering like Chat Completions, in one
 * run, each round calling the sides in a random order so machine noise hits all alike. `router.complete` runs too,
 * to show what the OpenAI-shaped layer itself adds. Prints p50 / p99 per call and the ratios. Target: router.openai /
 * direct p50 <= 1.10x.
 *
 * Run: npm run bench:openai-client   (env BENCH_CALLS=N to change the number of measured calls per side)
 */
import OpenAI from 'openai';
import { createRouter, openai } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const WARMUP = 300;

const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const params = {
    model: 'gpt-4o-mini',
    messages: [
      { role: 'system' as const, content: 'You are a concise assistant.' },
      { role: 'user' as const, content: 'What is the capital of France? Answer in one sentence.' },
    ],
    max_completion_tokens: 256,
  };

  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    // The alias is the model's name, so the very same params object goes to both clients.
    models: { 'gpt-4o-mini': { provider: 'openai', model: 'gpt-4o-mini' } },
  });
  const sides = {
    'direct openai client': () => sdk.chat.completions.create(params, { timeout: 600_000 }),
    'router.openai': () => router.openai.chat.completions.create(params),
    'router.complete': () => router.complete({ model: 'gpt-4o-mini', messages: params.messages, maxOutputTokens: 256 }),
  };
  type Side = keyof typeof sides;
  const names = Object.keys(sides) as Side[];

  for (let i = 0; i < WARMUP; i++) for (const name of names) await sides[name]();

  const times: Record<Side, number[]> = { 'direct openai client': [], 'router.openai': [], 'router.complete': [] };
  for (let i = 0; i < CALLS; i++) {
    for (const name of shuffle([...names])) {
      const start = performance.now();
      await sides[name]();
      times[name].push(performance.now() - start);
    }
  }
  server.close();

  for (const name of names) times[name].sort((a, b) => a - b);
  console.log(`bench/openai-client-overhead: ${CALLS} calls per side, local HTTP server, random order per round`);
  for (const name of names) {
    const t = times[name];
    console.log(`${name.padEnd(22)} p50 ${percentile(t, 50).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`);
  }
  const ratio = (a: Side, b: Side, p: number) => percentile(times[a], p) / percentile(times[b], p);
  const direct: Side = 'direct openai client';
  console.log(
    `ratio router.openai/direct    p50 ${ratio('router.openai', direct, 50).toFixed(3)}x   p99 ${ratio('router.openai', direct, 99).toFixed(3)}x   (target p50 <= 1.10x)`,
  );
  console.log(
    `ratio router.openai/complete  p50 ${ratio('router.openai', 'router.complete', 50).toFixed(3)}x   (the OpenAI-shaped layer alone)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

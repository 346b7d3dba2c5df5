/**
 * Overhead of `router.complete` (pinned model) over a direct call through the official OpenAI SDK.
 *
 * Both talk to the same local HTTP server (a real socket, not msw) that answers like the Chat Completions
 * API, in the same run, interleaved call by call so machine noise hits both alike. Prints p50 / p99 per call
 * and the router/direct ratio. Target: p50 ratio ≤ 1.10.
 *
 * Run: npm run bench   (env BENCH_CALLS=N to change the number of measured calls per side)
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

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const messages = [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: 'What is the capital of France? Answer in one sentence.' },
  ];

  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const direct = () =>
    sdk.chat.completions.create(
      { model: 'gpt-4o-mini', messages, max_completion_tokens: 256 },
      { maxRetries: 0, timeout: 600_000 },
    );

  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });
  const routed = () => router.complete({ model: 'mini', messages, maxOutputTokens: 256 });

  for (let i = 0; i < WARMUP; i++) {
    await direct();
    await routed();
  }

  const directTimes: number[] = [];
  const routerTimes: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    // Alternate which side goes first so neither always follows the other.
    const order = i % 2 === 0 ? ([direct, routed] as const) : ([routed, direct] as const);
    for (const fn of order) {
      const start = performance.now();
      await fn();
      (fn === direct ? directTimes : routerTimes).push(performance.now() - start);
    }
  }
  server.close();

  directTimes.sort((a, b) => a - b);
  routerTimes.sort((a, b) => a - b);
  const row = (name: string, t: number[]) =>
    `${name.padEnd(22)} p50 ${percentile(t, 50).toFixed(3)} ms   p99 ${percentile(t, 99).toFixed(3)} ms`;
  console.log(`bench/overhead: ${CALLS} calls per side, local HTTP server, interleaved`);
  console.log(row('direct openai SDK', directTimes));
  console.log(row('router.complete', routerTimes));
  const p50 = percentile(routerTimes, 50) / percentile(directTimes, 50);
  const p99 = percentile(routerTimes, 99) / percentile(directTimes, 99);
  console.log(`ratio router/direct    p50 ${p50.toFixed(3)}x   p99 ${p99.toFixed(3)}x   (target p50 <= 1.10x)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

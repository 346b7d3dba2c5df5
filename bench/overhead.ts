/**
 * Overhead of `router.complete` (pinned model) over a direct call through the official OpenAI SDK.
 *
 * Both talk to the same local HTTP server (a real socket, not msw) that answers like the Chat Completions
 * API, in the same run, each round calling the sides in a fresh random order (`support/interleaved-sides.ts`) so
 * machine noise hits both alike. Prints p50 / p99 per call and the router/direct ratio. Target: p50 ratio ≤ 1.10.
 *
 * Run: npm run bench   (env BENCH_CALLS=N to change the number of measured calls per side)
 */
import OpenAI from 'openai';
import { createRouter, openai } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';
import { printRatio, printSides, runInterleaved } from './support/interleaved-sides.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const WARMUP = 300;

const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);
  const messages = [
    { role: 'system' as const, content: 'You are a concise assistant.' },
    { role: 'user' as const, content: 'What is the capital of France? Answer in one sentence.' },
  ];

  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });

  const times = await runInterleaved(
    [
      {
        name: 'direct openai SDK',
        run: () =>
          sdk.chat.completions.create(
            { model: 'gpt-4o-mini', messages, max_completion_tokens: 256 },
            { maxRetries: 0, timeout: 600_000 },
          ),
      },
      { name: 'router.complete', run: () => router.complete({ model: 'mini', messages, maxOutputTokens: 256 }) },
    ],
    { calls: CALLS, warmup: WARMUP },
  );
  server.close();
  await router.close();

  printSides(`bench/overhead: ${CALLS} calls per side, local HTTP server, random order per round`, times);
  printRatio(times, {
    label: 'ratio router/direct',
    side: 'router.complete',
    baseline: 'direct openai SDK',
    note: '(target p50 <= 1.10x)',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

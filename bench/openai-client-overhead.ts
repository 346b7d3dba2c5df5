/**
 * Overhead of `router.openai.chat.completions.create` over the same call through the direct `openai` client.
 *
 * The same params go to both, against one local HTTP server (a real socket) answering like Chat Completions, in one
 * run, each round calling the sides in a random order (`support/interleaved-sides.ts`) so machine noise hits all
 * alike. `router.complete` runs too, to show what the OpenAI-shaped layer itself adds. Prints p50 / p99 per call and
 * the ratios. Target: router.openai / direct p50 <= 1.10x.
 *
 * Run: npm run bench:openai-client   (env BENCH_CALLS=N to change the number of measured calls per side)
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
  const direct = 'direct openai client';
  const times = await runInterleaved(
    [
      { name: direct, run: () => sdk.chat.completions.create(params, { timeout: 600_000 }) },
      { name: 'router.openai', run: () => router.openai.chat.completions.create(params) },
      {
        name: 'router.complete',
        run: () => router.complete({ model: 'gpt-4o-mini', messages: params.messages, maxOutputTokens: 256 }),
      },
    ],
    { calls: CALLS, warmup: WARMUP },
  );
  server.close();
  await router.close();

  printSides(`bench/openai-client-overhead: ${CALLS} calls per side, local HTTP server, random order per round`, times);
  printRatio(times, {
    label: 'ratio router.openai/direct  ',
    side: 'router.openai',
    baseline: direct,
    note: '(target p50 <= 1.10x)',
  });
  printRatio(times, {
    label: 'ratio router.openai/complete',
    side: 'router.openai',
    baseline: 'router.complete',
    p99: false,
    note: '(the OpenAI-shaped layer alone)',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

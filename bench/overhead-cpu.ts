/**
 * CPU time per call of a pinned `router.complete` against a direct OpenAI SDK call (and the bare OpenAI adapter),
 * on the same loopback stand-in as `bench/overhead.ts`. Wall-time percentiles swing with a loaded machine's
 * scheduling; the process's CPU time per call (client and stand-in server alike, both sides in one process) is
 * steadier. Sides run in alternating blocks; the ratio is the median over adjacent blocks. Complements, does not
 * replace, `npm run bench` (the p50 wall-time target).
 *
 * One more side isolates the router's own code: `router.complete` over an in-memory adapter that answers at once (no
 * SDK, no socket), its CPU per call printed as a share of the direct SDK call's, so a few µs saved show even when
 * machine noise hides them in the socket-bound ratios.
 *
 * Run: npx tsx bench/overhead-cpu.ts   (env BENCH_BLOCKS, BENCH_PER: blocks per side and calls per block)
 */
import OpenAI from 'openai';
import { createRouter, openai } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 80);
const PER = Number(process.env.BENCH_PER ?? 50);
const WARMUP = 300;
const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

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
  const adapter = openai({ apiKey: 'sk-bench-not-a-key', baseURL });
  const answer = {
    text: 'The capital of France is Paris.',
    toolCalls: [],
    finishReason: 'stop' as const,
    usage: { inputTokens: 24, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 8, reasoningTokens: 0 },
    warnings: [],
    raw: {},
  };
  const inMemory = createRouter({
    providers: {
      openai: {
        name: 'openai',
        priceProviderId: 'openai',
        complete: async () => ({ ...answer, warnings: [] }),
        stream: () => {
          throw new Error('not streamed here');
        },
      },
    },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });
  const sides: Array<[string, () => Promise<unknown>]> = [
    [
      'direct openai SDK',
      () =>
        sdk.chat.completions.create(
          { model: 'gpt-4o-mini', messages, max_completion_tokens: 256 },
          { maxRetries: 0, timeout: 600_000 },
        ),
    ],
    ['router.complete', () => router.complete({ model: 'mini', messages, maxOutputTokens: 256 })],
    ['openai() adapter alone', () => adapter.complete('gpt-4o-mini', { messages, maxOutputTokens: 256 })],
    ['router, in-memory adapter', () => inMemory.complete({ model: 'mini', messages, maxOutputTokens: 256 })],
  ];
  // The in-memory side is ~100x cheaper per call: more calls per block keep its CPU reading above the clock's grain.
  const perBlock = (index: number) => (index === 3 ? PER * 20 : PER);
  const cpu = sides.map((): number[] => []);
  for (let i = 0; i < WARMUP; i++) for (const [, call] of sides) await call();
  for (let block = 0; block < BLOCKS; block++) {
    const order = block % 2 === 0 ? [0, 1, 2, 3] : [3, 2, 1, 0];
    for (const index of order) {
      const call = (sides[index] as [string, () => Promise<unknown>])[1];
      const start = process.cpuUsage();
      const calls = perBlock(index);
      for (let i = 0; i < calls; i++) await call();
      const used = process.cpuUsage(start);
      cpu[index]?.push((used.user + used.system) / calls);
    }
  }
  server.close();
  await Promise.all([router.close(), inMemory.close()]);
  const base = cpu[0] as number[];
  console.log(`bench/overhead-cpu: ${BLOCKS} blocks of ${PER} calls per side, local HTTP server, CPU time per call`);
  sides.forEach(([name], index) => {
    const own = cpu[index] as number[];
    const ratio = median(own.map((value, block) => value / (base[block] as number)));
    const digits = index === 3 ? 1 : 0;
    console.log(`${name.padEnd(26)} ${median(own).toFixed(digits).padStart(6)} µs CPU   ${ratio.toFixed(3)}x direct`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

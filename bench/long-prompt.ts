/**
 * Overhead of a pinned `router.complete` whose prompt is long (~20k o200k tokens) and new on every call, over the
 * same call through the official OpenAI SDK: the case where the router's input checks (context window, budget) must
 * not tokenize the prompt. Three sides in the same run, in a new random order on every round: the direct SDK call,
 * a pinned call, and a pinned call with a per-request budget. All talk to one local HTTP server (a real socket).
 * Targets: pinned p50 ≤ 1.10x direct, with a budget ≤ 1.25x.
 *
 * Then the time to refuse 10 MB of base64-like text (ContextWindowExceededError from its size, nothing sent), first
 * call and after: target well under 50 ms.
 *
 * Run: npx tsx bench/long-prompt.ts   (env BENCH_CALLS=N to change the number of measured calls per side)
 */
import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { countO200kTokens } from '../src/budgets/count-o200k-tokens.js';
import { ContextWindowExceededError, createRouter, openai } from '../src/index.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 400);
const WARMUP = 40;

const body = chatCompletionBody('A short summary.', { promptTokens: 20_000, completionTokens: 4 });

// Pseudo-random prose from a fixed seed: varied enough that the tokenizer does real work on it.
const WORDS = (
  'the of and to in is was for on that with as by at from his her they this which be are or an had not but ' +
  'report market customer invoice shipment delivery contract quarterly revenue analysis forecast supplier ' +
  'warehouse regional manager meeting schedule proposal budget approval pending review engineering release ' +
  'deployment incident latency throughput database migration version feature request estimate Paris London ' +
  'Tokyo Berlin Madrid 2024 2025 17 342 9.5 percent growth decline stable average median total'
).split(' ');
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
function prose(words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let word = WORDS[Math.floor(random() * WORDS.length)] as string;
    if (i % 14 === 0) word = word[0]?.toUpperCase() + word.slice(1);
    out.push(i % 14 === 13 ? `${word}.` : i % 5 === 4 ? `${word},` : word);
  }
  return out.join(' ');
}
const base = prose(14_600);
let serial = 0;
/** A prompt no call has sent before (a new prefix), so no cache of earlier texts applies. */
const freshPrompt = () => `Request ${serial++}-${Math.floor(random() * 1e9)}. ${base}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function main() {
  const { server, baseURL } = await startChatCompletionsStandIn(body);

  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-bench-not-a-key', baseURL }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });
  const sides = {
    direct: () =>
      sdk.chat.completions.create(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: freshPrompt() }], max_completion_tokens: 256 },
        { maxRetries: 0, timeout: 600_000 },
      ),
    pinned: () =>
      router.complete({ model: 'mini', messages: [{ role: 'user', content: freshPrompt() }], maxOutputTokens: 256 }),
    budget: () =>
      router.complete({
        model: 'mini',
        messages: [{ role: 'user', content: freshPrompt() }],
        maxOutputTokens: 256,
        budget: { maxUsd: 0.05 },
      }),
  };
  const names = Object.keys(sides) as (keyof typeof sides)[];
  const times: Record<string, number[]> = { direct: [], pinned: [], budget: [] };

  const sample = freshPrompt();
  console.log(
    `bench/long-prompt: prompt ${sample.length} chars, ${countO200kTokens(sample)} o200k tokens, new each call`,
  );
  for (let round = 0; round < WARMUP + CALLS; round++) {
    const order = [...names].sort(() => random() - 0.5);
    for (const name of order) {
      const start = performance.now();
      await sides[name]();
      if (round >= WARMUP) times[name]?.push(performance.now() - start);
    }
  }

  const refusals: number[] = [];
  for (let i = 0; i < 5; i++) {
    const huge = randomBytes(7_500_000).toString('base64');
    const start = performance.now();
    const error = await router.complete({ model: 'mini', messages: [{ role: 'user', content: huge }] }).catch((e) => e);
    refusals.push(performance.now() - start);
    if (!(error instanceof ContextWindowExceededError)) throw new Error(`expected a refusal, got ${error}`);
  }
  server.close();

  const p50 = (name: string) =>
    percentile(
      (times[name] ?? []).sort((a, b) => a - b),
      50,
    );
  const p99 = (name: string) =>
    percentile(
      (times[name] ?? []).sort((a, b) => a - b),
      99,
    );
  console.log(`${CALLS} calls per side, local HTTP server, random order each round`);
  for (const name of names) {
    console.log(`${name.padEnd(8)} p50 ${p50(name).toFixed(3)} ms   p99 ${p99(name).toFixed(3)} ms`);
  }
  console.log(
    `ratio pinned/direct p50 ${(p50('pinned') / p50('direct')).toFixed(3)}x (target <= 1.10x); ` +
      `budget/direct p50 ${(p50('budget') / p50('direct')).toFixed(3)}x (target <= 1.25x)`,
  );
  const [first, ...rest] = refusals.map((ms) => ms.toFixed(1));
  console.log(`10 MB input refused in ${first} ms (first), then ${rest.join(', ')} ms (target well under 50 ms)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

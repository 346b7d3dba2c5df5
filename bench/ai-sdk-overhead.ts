/**
 * Overhead of `routewiseModel` under the AI SDK's `generateText`, against the AI SDK's own OpenAI provider
 * (`@ai-sdk/openai`, Chat Completions) calling the same local HTTP server (a real socket, not msw) in the same run.
 * Both sides run the whole of `generateText`; they differ only in the model: `openai.chat('gpt-4o-mini')` or
 * `routewiseModel(router, { model: 'mini' })` (routewise's pinned route through the official `openai` SDK).
 * Calls are interleaved in a random order per round (`support/interleaved-sides.ts`), so machine noise hits both alike. Prints p50 / p99 per call
 * and the ratio. Target: p50 ratio ≤ 1.10.
 *
 * Two more sides, interleaved with the others, split the figure: `routewiseModel.doGenerate` against
 * `router.complete` with the same request (what the adapter itself adds), without the AI SDK's own layers.
 *
 * One more, `generateText + bare openai SDK model`, is the floor for any model built on the official `openai` SDK
 * (`support/bare-openai-sdk-model.ts`: one create call, text and usage back, nothing else): the ratio of it to
 * `@ai-sdk/openai` is what the SDK alone costs under `generateText`, before routewise adds anything.
 *
 * Run: npm run bench:ai-sdk   (env BENCH_CALLS=N to change the number of measured calls per side)
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, type LanguageModel } from 'ai';
import OpenAI from 'openai';
import { routewiseModel } from '../src/ai-sdk/index.js';
import { createRouter, openai } from '../src/index.js';
import { bareOpenAISdkModel } from './support/bare-openai-sdk-model.js';
import { chatCompletionBody, startChatCompletionsStandIn } from './support/chat-completions-stand-in.js';
import { printRatio, printSides, runInterleaved } from './support/interleaved-sides.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 2000);
const WARMUP = 200;

const body = chatCompletionBody('The capital of France is Paris.', { promptTokens: 24, completionTokens: 8 });

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
  const sdk = new OpenAI({ apiKey: 'sk-bench-not-a-key', baseURL, maxRetries: 0 });
  const bare = bareOpenAISdkModel(sdk, 'gpt-4o-mini');

  const call = (model: LanguageModel) => generateText({ model, system, prompt, maxOutputTokens: 256 });
  const specPrompt = [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: [{ type: 'text' as const, text: prompt }] },
  ];
  const messages = [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: prompt },
  ];
  const sides = [
    { name: 'generateText + @ai-sdk/openai', run: () => call(direct) },
    { name: 'generateText + routewiseModel', run: () => call(routed) },
    { name: 'generateText + bare openai SDK model', run: () => call(bare) },
    { name: 'router.complete', run: () => router.complete({ model: 'mini', messages, maxOutputTokens: 256 }) },
    { name: 'routewiseModel.doGenerate', run: () => routed.doGenerate({ prompt: specPrompt, maxOutputTokens: 256 }) },
    // What each model stands on, without generateText: the AI SDK's provider calls fetch itself, routewise calls
    // through the official openai SDK (as every routewise call does).
    { name: '@ai-sdk/openai doGenerate', run: () => direct.doGenerate({ prompt: specPrompt, maxOutputTokens: 256 }) },
    {
      name: 'openai SDK create',
      run: () =>
        sdk.chat.completions.create(
          { model: 'gpt-4o-mini', messages, max_completion_tokens: 256 },
          { maxRetries: 0, timeout: 600_000 },
        ),
    },
  ];
  // Both answer alike before anything is timed.
  for (const model of [direct, routed, bare]) {
    const { text } = await call(model);
    if (text !== 'The capital of France is Paris.')
      throw new Error(`${model.provider} answered ${JSON.stringify(text)}`);
  }
  const times = await runInterleaved(sides, { calls: CALLS, warmup: WARMUP });
  server.close();
  await router.close();

  printSides(`bench/ai-sdk-overhead: ${CALLS} calls per side, local HTTP server, random order per round`, times);
  printRatio(times, {
    label: 'ratio routewiseModel/@ai-sdk/openai under generateText',
    side: 'generateText + routewiseModel',
    baseline: 'generateText + @ai-sdk/openai',
    note: '(target p50 <= 1.10x)',
  });
  printRatio(times, {
    label: 'ratio bare openai SDK model/@ai-sdk/openai under generateText (the floor on the openai SDK)',
    side: 'generateText + bare openai SDK model',
    baseline: 'generateText + @ai-sdk/openai',
  });
  printRatio(times, {
    label: 'ratio routewiseModel/bare openai SDK model under generateText (what routewise adds)',
    side: 'generateText + routewiseModel',
    baseline: 'generateText + bare openai SDK model',
  });
  printRatio(times, {
    label: 'ratio doGenerate/router.complete (the adapter alone)  ',
    side: 'routewiseModel.doGenerate',
    baseline: 'router.complete',
    p99: false,
  });
  printRatio(times, {
    label: 'ratio openai SDK/@ai-sdk/openai doGenerate (what each stands on)',
    side: 'openai SDK create',
    baseline: '@ai-sdk/openai doGenerate',
    p99: false,
  });
  printRatio(times, {
    label: 'ratio router.complete/openai SDK (the router alone)          ',
    side: 'router.complete',
    baseline: 'openai SDK create',
    p99: false,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

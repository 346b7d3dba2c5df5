/**
 * Swapping an existing `openai` client for `router.openai`: the calling code below is written against the official
 * SDK and does not change. Through the router the same call gets routewise's budgets, retries, fallbacks and cost
 * accounting; route and cost come back in an extra `routewise` field.
 *
 *   npx tsx examples/openai-client-swap.ts   (real API when OPENAI_API_KEY is set, else a local server)
 */
import OpenAI from 'openai';
import { createRouter, fixed, openai, UnsupportedParameterError } from '../src/index.js';
import { usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

/** Existing application code: it only knows the SDK's client type. */
type ChatClient = Pick<OpenAI, 'chat'>;

async function answerTicket(client: ChatClient, model: string, question: string): Promise<string> {
  const completion = await client.chat.completions.create({
    model,
    messages: [
      { role: 'developer', content: 'You are a support agent. Answer in at most three sentences.' },
      { role: 'user', content: question },
    ],
    max_completion_tokens: 800,
    reasoning_effort: 'low',
  });
  return completion.choices[0]?.message.content ?? '';
}

async function streamTicket(client: ChatClient, model: string, question: string) {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: question }],
    max_completion_tokens: 800,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  return { text, usage };
}

const endpoint = await liveOrLocal('openai');
const question = 'Can I get a refund on my annual plan?';

try {
  // Before: the official client.
  const client = new OpenAI({ ...endpoint.options, maxRetries: 2 });
  console.log(`direct:  ${await answerTicket(client, 'gpt-5-mini', question)}`);

  // After: one object swapped. The alias is named like the model so the call site keeps its model string;
  // 'auto' hands the choice to the router's policy.
  const router = createRouter({
    providers: { openai: openai(endpoint.options) },
    models: {
      'gpt-5-mini': { provider: 'openai', model: 'gpt-5-mini', fallbacks: ['gpt-5-nano'] },
      'gpt-5-nano': { provider: 'openai', model: 'gpt-5-nano' },
    },
    policy: fixed('gpt-5-mini'),
    budgets: { perRequestUsd: 0.05 },
  });
  const swapped = router.openai as unknown as ChatClient;
  console.log(`routed:  ${await answerTicket(swapped, 'gpt-5-mini', question)}`);

  // The routewise field (typed on router.openai's own return type): what answered and what it cost.
  const completion = await router.openai.chat.completions.create({
    model: 'auto',
    messages: [{ role: 'user', content: question }],
    max_completion_tokens: 800,
    routewise: { tenant: 'acme', feature: 'support-chat' },
  });
  const info = completion.routewise;
  console.log(`auto → ${info.alias} (${info.provider}:${info.model}), route ${info.route.kind}`);
  console.log(
    `usage: ${completion.usage?.prompt_tokens} prompt + ${completion.usage?.completion_tokens} completion tokens, cost.usd: ${usd(info.cost.usd)}`,
  );

  const streamed = await streamTicket(swapped, 'gpt-5-mini', question);
  console.log(`streamed: ${streamed.text.length} characters, usage chunk: ${streamed.usage?.total_tokens} tokens`);

  // What routewise cannot honour is refused, never dropped.
  try {
    await router.openai.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: question }],
      n: 3,
    });
  } catch (error) {
    if (error instanceof UnsupportedParameterError) console.log(`refused: ${error.param} (status ${error.status})`);
    else throw error;
  }
  const spend = await router.spend({ groupBy: 'feature' });
  console.log(`spend: ${usd(spend.usd)} over ${spend.requests} requests`);
  await router.close();
} finally {
  await endpoint.close();
}

/**
 * OpenAI Chat Completions through routewise: a pinned model alias, an output cap, a reasoning effort and
 * a per-request budget, then the answer with its usage and exact cost.
 *
 *   npx tsx examples/openai-chat.ts        (real API when OPENAI_API_KEY is set, else a local server)
 */
import { createRouter, openai } from '../src/index.js';
import { formatAttempt, formatUsage, usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const endpoint = await liveOrLocal('openai');

const router = createRouter({
  // `openai()` wraps the official SDK (key from OPENAI_API_KEY by default; the SDK's own retries are off).
  providers: { openai: openai(endpoint.options) },
  models: { mini: { provider: 'openai', model: 'gpt-5-mini' } },
});

try {
  const res = await router.complete({
    model: 'mini', // pin the alias: no routing policy involved
    messages: [{ role: 'user', content: 'In two sentences: what is an idempotency key, and when should I send one?' }],
    // The cap covers ALL billed output, reasoning included: this is the call's cost ceiling.
    maxOutputTokens: 1200,
    reasoning: { effort: 'low' }, // sent as `reasoning_effort: "low"`
    // Refused before sending if the worst case (estimated input + 1200 output tokens) could exceed 1 cent.
    budget: { maxUsd: 0.01 },
    metadata: { feature: 'docs-example' },
  });

  console.log(`text: ${res.text}`);
  console.log(`model: ${res.provider}:${res.model} (alias ${res.alias}), finish: ${res.finishReason}`);
  console.log(`usage: ${formatUsage(res.usage)}`);
  console.log(`cost.usd: ${usd(res.cost.usd)}`);
  for (const attempt of res.cost.attempts) console.log(formatAttempt(attempt));
  if (res.warnings.length > 0) console.log(`warnings: ${res.warnings.join('; ')}`);
} finally {
  await endpoint.close();
}

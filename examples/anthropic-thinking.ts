/**
 * Anthropic extended thinking through routewise: a thinking budget inside the output cap, and the usage
 * split routewise reports for it (thinking tokens, prompt-cache reads and writes) with the cost of each attempt.
 *
 *   npx tsx examples/anthropic-thinking.ts   (real API when ANTHROPIC_API_KEY is set, else a local server)
 */
import { anthropic, createRouter } from '../src/index.js';
import { formatAttempt, usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const endpoint = await liveOrLocal('anthropic');

const router = createRouter({
  providers: { anthropic: anthropic(endpoint.options) },
  models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6', maxOutputTokens: 4096 } },
});

try {
  const res = await router.complete({
    model: 'sonnet',
    system: 'You are a careful assistant. Check the arithmetic before answering.',
    messages: [
      {
        role: 'user',
        content: 'A subscription costs $14 a month or $150 a year. From how many months is the yearly plan cheaper?',
      },
    ],
    // Sent as `thinking: { type: 'enabled', budget_tokens: 2048 }`. Anthropic counts thinking inside
    // `max_tokens`, so the model's 4096-token cap still bounds thinking + answer together.
    reasoning: { budgetTokens: 2048 },
  });

  const { usage } = res;
  console.log(`text: ${res.text}`);
  console.log(`model: ${res.provider}:${res.model}, finish: ${res.finishReason}`);
  // inputTokens counts ALL input; cache reads and writes are parts of it, priced at their own rates.
  console.log(
    `usage: input ${usage.inputTokens} (cache read ${usage.cachedInputTokens}, cache write ${usage.cacheWriteTokens}` +
      `, of which 1h ${usage.cacheWrite1hTokens ?? 0})`,
  );
  // outputTokens counts ALL billed output; thinking is a part of it (billed, but not in res.text).
  console.log(
    `usage: output ${usage.outputTokens} (thinking ${usage.reasoningTokens}, answer ${usage.outputTokens - usage.reasoningTokens})`,
  );
  console.log(`cost.usd: ${usd(res.cost.usd)}`);
  for (const attempt of res.cost.attempts) console.log(formatAttempt(attempt));
  if (res.warnings.length > 0) console.log(`warnings: ${res.warnings.join('; ')}`);
} finally {
  await endpoint.close();
}

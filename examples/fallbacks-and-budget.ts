/**
 * The quickstart, fully offline (it never needs keys): two providers and a fallback, a request refused by
 * its budget before anything is sent, and the ConfigError a typo in the config gets.
 *
 *   npx tsx examples/fallbacks-and-budget.ts
 */
import { anthropic, BudgetExceededError, ConfigError, createRouter, openai } from '../src/index.js';
import { formatAttempt, formatUsage, usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

// Always local: the server answers OpenAI's first two requests with 503 Service Unavailable.
const server = await startDemoServer({ fail: { openai: { count: 2, status: 503 } } });

const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
    anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
  },
  models: {
    mini: { provider: 'openai', model: 'gpt-5-mini', fallbacks: ['haiku'] },
    haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
    sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
  // One retry per model (2 attempts), with a short backoff so the demo is quick.
  retry: { retries: 1, baseDelayMs: 100 },
});

try {
  // 1. Fallback: gpt-5-mini fails twice (503, retried once), so claude-haiku-4-5 answers.
  const res = await router.complete({
    model: 'mini',
    messages: [{ role: 'user', content: 'Write a haiku about an HTTP 503 and a fallback.' }],
    maxOutputTokens: 400,
  });
  console.log(`\ntext: ${res.text.replaceAll('\n', ' / ')}`);
  console.log(`model: ${res.provider}:${res.model} (alias ${res.alias})`);
  if (res.route.fellBack) console.log(`fell back: ${res.route.chain.join(' → ')}, answered by ${res.route.answeredBy}`);
  console.log(`usage: ${formatUsage(res.usage)}`);
  // Failed attempts are recorded too; a 503 reports no usage, so it costs $0.
  console.log(`cost.usd: ${usd(res.cost.usd)} over ${res.cost.attempts.length} attempts`);
  for (const attempt of res.cost.attempts) console.log(formatAttempt(attempt));

  // 2. Budget: the worst case (estimated input + the 8000-token output cap at Sonnet's rates) is
  //    checked before the call; over the limit, nothing is sent.
  const before = server.log.length;
  try {
    await router.complete({
      model: 'sonnet',
      messages: [{ role: 'user', content: 'Write a detailed design document for a rate limiter.' }],
      maxOutputTokens: 8000,
      budget: { maxUsd: 0.01 },
    });
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    const { estimate } = error;
    console.log(`\nrefused by budget: worst case ${usd(error.estimateUsd)} > limit ${usd(error.limitUsd)}`);
    console.log(
      `  estimate: ${estimate.inputTokens} input tokens + ${estimate.maxOutputTokens} output cap on ${estimate.model}`,
    );
    console.log(`  requests sent for it: ${server.log.length - before}`);
  }

  // 3. ConfigError: createRouter checks the whole config up front and names each bad field.
  try {
    createRouter({
      providers: { openai: openai({ apiKey: 'unused' }) },
      models: { fast: { provider: 'opnai', model: 'gpt-5-mini', fallbacks: ['cheap'] } },
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.log(`\n${error.message}`);
  }
} finally {
  await server.close();
}

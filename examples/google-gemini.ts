/**
 * Gemini through routewise, streamed: text deltas print as they arrive, then the final result carries
 * the usage (thinking included) and the exact cost.
 *
 *   npx tsx examples/google-gemini.ts       (real API when GEMINI_API_KEY is set, else a local server)
 */
import { createRouter, google } from '../src/index.js';
import { formatAttempt, formatUsage, usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const endpoint = await liveOrLocal('google');

const router = createRouter({
  providers: { google: google(endpoint.options) },
  models: { flash: { provider: 'google', model: 'gemini-2.5-flash' } },
});

try {
  const stream = router.stream({
    model: 'flash',
    messages: [{ role: 'user', content: 'Why is the sky blue? Answer in three short sentences.' }],
    // 1024 tokens for thoughts + answer together: Gemini gets thinkingBudget 512 and 512 for the answer.
    maxOutputTokens: 1024,
    reasoning: { budgetTokens: 512 },
  });

  process.stdout.write('text: ');
  for await (const event of stream) {
    if (event.type === 'text-delta') process.stdout.write(event.text);
  }
  process.stdout.write('\n');

  // The same result also arrives as the stream's `finish` event.
  const res = await stream.result;
  console.log(`model: ${res.provider}:${res.model}, finish: ${res.finishReason}`);
  console.log(`usage: ${formatUsage(res.usage)}`);
  console.log(`cost.usd: ${usd(res.cost.usd)}`);
  for (const attempt of res.cost.attempts) console.log(formatAttempt(attempt));
  if (res.warnings.length > 0) console.log(`warnings: ${res.warnings.join('; ')}`);
} finally {
  await endpoint.close();
}

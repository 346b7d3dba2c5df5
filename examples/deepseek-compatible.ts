/**
 * DeepSeek through the `deepseek()` preset (an OpenAI-compatible host, called with the OpenAI SDK), and
 * time-of-day pricing: the bundled catalog prices `deepseek-chat` at half rate in DeepSeek's off-peak window
 * (16:30–00:30 UTC), so the same call costs a different amount depending on when it starts.
 *
 *   npx tsx examples/deepseek-compatible.ts  (real API when DEEPSEEK_API_KEY is set, else a local server)
 */
import { createRouter, deepseek } from '../src/index.js';
import { formatAttempt, formatUsage, usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const endpoint = await liveOrLocal('deepseek');

const router = createRouter({
  // Key from DEEPSEEK_API_KEY, base URL https://api.deepseek.com/v1; OPENAI_API_KEY is never sent there.
  providers: { deepseek: deepseek(endpoint.options) },
  models: { chat: { provider: 'deepseek', model: 'deepseek-chat' } },
});

/** Whether a time falls in DeepSeek's off-peak window, 16:30–00:30 UTC. */
function offPeak(at: Date): boolean {
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  return minutes >= 16 * 60 + 30 || minutes < 30;
}

try {
  const res = await router.complete({
    model: 'chat',
    messages: [{ role: 'user', content: "Translate 'Where is the train station?' into French, Spanish and German." }],
    maxOutputTokens: 300,
  });

  console.log(`text: ${res.text}`);
  console.log(`model: ${res.provider}:${res.model}, finish: ${res.finishReason}`);
  console.log(`usage: ${formatUsage(res.usage)}`);
  for (const attempt of res.cost.attempts) {
    // Each attempt is priced at the rate in force when it started.
    const started = new Date(attempt.startedAt);
    const window = offPeak(started) ? 'off-peak (16:30–00:30 UTC): discounted rate' : 'standard hours: full rate';
    console.log(`priced at: ${attempt.startedAt} → ${window}`);
    console.log(formatAttempt(attempt));
  }
  console.log(`cost.usd: ${usd(res.cost.usd)}`);
} finally {
  await endpoint.close();
}

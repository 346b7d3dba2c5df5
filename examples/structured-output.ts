/**
 * Structured output with a zod schema: routewise sends the schema as the provider's JSON-schema response
 * format, then parses and validates the answer into `res.output` (or explains why in `res.outputError`).
 *
 *   npx tsx examples/structured-output.ts    (real API when OPENAI_API_KEY is set, else a local server)
 */
import { z } from 'zod';
import { createRouter, openai } from '../src/index.js';
import { formatAttempt, formatUsage, usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const Ticket = z.object({
  category: z.enum(['billing', 'bug', 'account', 'other']),
  priority: z.enum(['low', 'normal', 'high']),
  customer: z.string(),
  summary: z.string().describe('one sentence'),
});

const endpoint = await liveOrLocal('openai');

const router = createRouter({
  providers: { openai: openai(endpoint.options) },
  models: { mini: { provider: 'openai', model: 'gpt-5-mini' } },
});

try {
  const res = await router.complete({
    model: 'mini',
    system: 'Triage support emails for the helpdesk.',
    messages: [
      {
        role: 'user',
        content:
          'Triage this support email:\n\nHi, I was charged twice for the March invoice (INV-2291). ' +
          'Please refund the duplicate payment as soon as possible. — Dana Whitfield',
      },
    ],
    output: { schema: Ticket, name: 'ticket' },
    maxOutputTokens: 1500,
    reasoning: { effort: 'minimal' },
  });

  if (res.output !== undefined) {
    // `res.output` is typed from the zod schema and already validated against it.
    const ticket = res.output;
    console.log('output:', ticket);
    console.log(`priority: ${ticket.priority} (${ticket.category})`);
  } else {
    console.log(`output did not parse: ${res.outputError}\ntext: ${res.text}`);
  }
  console.log(`model: ${res.provider}:${res.model}, finish: ${res.finishReason}`);
  console.log(`usage: ${formatUsage(res.usage)}`);
  console.log(`cost.usd: ${usd(res.cost.usd)}`);
  for (const attempt of res.cost.attempts) console.log(formatAttempt(attempt));
} finally {
  await endpoint.close();
}

import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';
import {
  anthropic,
  createRouter,
  judge,
  type Ledger,
  nonEmpty,
  openai,
  type Router,
  type RouterResult,
} from '../../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

/** The API keys the traffic uses (placeholders, not key-shaped): no ledger row may ever contain them. */
export const KEYS = { openai: 'fake-ledger-openai-key', anthropic: 'fake-ledger-anthropic-key' };
/** A phrase of the prompts: no ledger row may contain it unless the ledger opts into text. */
export const SECRET_PROMPT = 'the launch code is 7-7-alpha';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Json;
const streamBlocks = readFileSync(
  new URL('../../src/providers/openai/__fixtures__/chat-stream.chunks.txt', import.meta.url),
  'utf8',
)
  .split(/\n\n+/)
  .map((block) => block.trim())
  .filter((block) => block !== '');

/**
 * Serves OpenAI and Anthropic with recorded bodies: gpt-4.1-mini answers, gpt-4.1-nano grades "Score: 2" (so the
 * judge escalates to Claude), a prompt containing "flaky" fails with 500 once, "dead" always fails with 503.
 */
export function serveProviders(server: SetupServer): void {
  const flaky = new Set<string>();
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      const text = JSON.stringify(body.messages);
      if (text.includes('dead'))
        return HttpResponse.json({ error: { message: 'down', type: 'server_error' } }, { status: 503 });
      if (text.includes('flaky') && !flaky.has(text)) {
        flaky.add(text);
        return HttpResponse.json({ error: { message: 'oops', type: 'server_error' } }, { status: 500 });
      }
      if (body.stream) {
        const encoder = new TextEncoder();
        const blocks = [...streamBlocks];
        return new HttpResponse(
          new ReadableStream({
            pull(controller) {
              const block = blocks.shift();
              if (block === undefined) controller.close();
              else controller.enqueue(encoder.encode(`${block}\n\n`));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      }
      const answer = fixture('openai/__fixtures__/chat-completion.json');
      answer.model = body.model;
      if (body.model === 'gpt-4.1-nano') {
        answer.choices[0].message.content = 'Score: 2';
        answer.usage = { ...answer.usage, prompt_tokens: 180, completion_tokens: 4, total_tokens: 184 };
      }
      return HttpResponse.json(answer, { headers: { 'x-request-id': `req_${Math.random().toString(36).slice(2)}` } });
    }),
    http.post('https://api.anthropic.com/v1/messages', () =>
      HttpResponse.json(fixture('anthropic/__fixtures__/message-text.json')),
    ),
  );
}

/** A router over the real OpenAI and Anthropic SDKs recording to `ledger`; unpinned requests run a judged cascade. */
export function ledgerRouter(ledger: Ledger): Router {
  return createRouter({
    providers: { openai: openai({ apiKey: KEYS.openai }), anthropic: anthropic({ apiKey: KEYS.anthropic }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    },
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    // A policy whose "classifier" reports a bare USD figure: a charge row with no attempt.
    policy: {
      name: 'judged',
      decide: () => ({
        tier: 'only',
        costUsd: 0.000_003,
        classifier: { name: 'paid', score: 0.5 },
        steps: [
          {
            model: 'mini',
            maxOutputTokens: 400,
            accept: [nonEmpty(), judge({ model: 'nano', min: 7, maxOutputTokens: 20 })],
          },
          { model: 'sonnet', maxOutputTokens: 800 },
        ],
      }),
    },
    ledger,
  });
}

/** What a run of traffic reported: the sum of its results' and failures' costs, its attempts and requests. */
export interface TrafficTotals {
  usd: number;
  attempts: number;
  requests: number;
  byTenant: Record<string, number>;
}

/**
 * Sends a mix through the router: pinned calls, a retried one, a stream, judged cascades (classifier charge, judge,
 * escalation) and a request whose every attempt fails; returns what the results (and the failure's error) reported.
 */
export async function sendTraffic(router: Router, tag = 'a'): Promise<TrafficTotals> {
  const totals: TrafficTotals = { usd: 0, attempts: 0, requests: 0, byTenant: {} };
  const add = (tenant: string, usd: number, attempts: number) => {
    totals.usd += usd;
    totals.attempts += attempts;
    totals.requests += 1;
    totals.byTenant[tenant] = (totals.byTenant[tenant] ?? 0) + usd;
  };
  const ask = (content: string) => [{ role: 'user' as const, content: `${content} (${tag}) ${SECRET_PROMPT}` }];
  const results: Array<[string, Promise<RouterResult>]> = [
    ['acme', router.complete({ model: 'mini', messages: ask('hello'), metadata: { tenant: 'acme', user: 'u1' } })],
    ['acme', router.complete({ model: 'mini', messages: ask('flaky'), metadata: { tenant: 'acme', feature: 'chat' } })],
    ['globex', router.complete({ messages: ask('route me'), metadata: { tenant: 'globex', feature: 'chat' } })],
    ['globex', router.stream({ model: 'mini', messages: ask('stream'), metadata: { tenant: 'globex' } }).result],
  ];
  for (const [tenant, pending] of results) {
    const res = await pending;
    add(tenant, res.cost.usd, res.cost.attempts.length);
  }
  try {
    await router.complete({ model: 'mini', messages: ask('dead'), metadata: { tenant: 'acme' } });
    throw new Error('expected the dead request to fail');
  } catch (error) {
    const failure = error as { costUsd?: number; attempts?: unknown[] };
    if (!Array.isArray(failure.attempts)) throw error;
    add('acme', failure.costUsd ?? 0, failure.attempts.length);
  }
  return totals;
}

/**
 * A Next.js-style route handler (`app/api/chat/route.ts`) that streams an answer with the Vercel AI SDK's
 * `streamText`, through routewise: the one-line change is `model: routewiseModel(router, { model: 'mini' })` instead
 * of `model: openai('gpt-5-mini')`. Routewise then retries, falls back to another provider (the AI SDK's most
 * requested feature, vercel/ai#2636), enforces the budget and records the cost of every attempt.
 *
 * Offline: a local stand-in server answers in OpenAI's and Anthropic's formats, and its OpenAI endpoint fails the
 * first 2 requests with 503, so the answer streams from Anthropic. In an app, drop `baseURL` and `apiKey` (the
 * SDKs read OPENAI_API_KEY and ANTHROPIC_API_KEY) and export `POST` from the route file.
 *
 *   npx tsx examples/ai-sdk-route-handler.ts
 */
import { streamText } from 'ai';
import { routewiseModel } from '../src/ai-sdk/index.js';
import { anthropic, createRouter, openai } from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

const server = await startDemoServer({ fail: { openai: { count: 2, status: 503 } } });

// Module scope, as in a route file: one router per server process.
const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
    anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
  },
  models: {
    mini: { provider: 'openai', model: 'gpt-5-mini', fallbacks: ['haiku'] },
    haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
  },
  retry: { retries: 1, baseDelayMs: 100 },
});

/** The route handler: `{ prompt, user }` in, the answer streamed out as text. */
export async function POST(req: Request): Promise<Response> {
  const { prompt, user } = (await req.json()) as { prompt: string; user?: string };
  const result = streamText({
    model: routewiseModel(router, { model: 'mini', metadata: { feature: 'chat' }, budget: { maxUsd: 0.05 } }),
    prompt,
    maxOutputTokens: 400,
    // Per call: who the call is for, for budgets and the spend report.
    providerOptions: { routewise: user ? { user } : {} },
    abortSignal: req.signal,
    onFinish: ({ providerMetadata }) => {
      // Routewise's route and cost ride in providerMetadata.routewise: log them, or send them to your metrics.
      const meta = providerMetadata?.routewise as unknown as RoutewiseMetadata;
      const { route, cost } = meta;
      console.log(
        `route: ${route.chain.join(' → ')}, answered by ${route.answeredBy}${route.fellBack ? ' (fell back)' : ''}`,
      );
      console.log(`cost.usd: ${usd(cost.usd)} over ${cost.attempts.length} attempts`);
      for (const a of cost.attempts) {
        console.log(
          `  attempt #${a.attempt} ${a.alias} (${a.provider}:${a.model}) ${a.status}${a.httpStatus ? ` HTTP ${a.httpStatus}` : ''} · ${usd(a.costUsd)}`,
        );
      }
    },
  });
  return result.toTextStreamResponse();
}

/** The part of `providerMetadata.routewise` this example prints. */
interface RoutewiseMetadata {
  route: { chain: string[]; answeredBy: string; fellBack: boolean };
  cost: {
    usd: number;
    attempts: Array<{
      alias: string;
      provider: string;
      model: string;
      attempt: number;
      status: string;
      httpStatus?: number;
      costUsd: number;
    }>;
  };
}

// What Next.js would do on `POST /api/chat`: call the handler and stream its body to the client.
try {
  const response = await POST(
    new Request('http://localhost:3000/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'Why is the sky blue?', user: 'user-42' }),
    }),
  );
  console.log(`POST /api/chat → ${response.status} ${response.headers.get('content-type')}`);
  let text = '';
  let chunks = 0;
  const decoder = new TextDecoder();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    chunks += 1;
    text += decoder.decode(read.value, { stream: true });
  }
  console.log(`streamed ${chunks} chunks: ${text}`);
  const spend = await router.spend({ groupBy: 'user' });
  console.log(`ledger: ${spend.groups?.map((g) => `${g.user} ${usd(g.usd)}`).join(', ')}`);
} finally {
  await router.close();
  await server.close();
}

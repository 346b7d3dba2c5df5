/**
 * An HTTP chat endpoint (node:http) whose LLM calls show up in OpenTelemetry: the app registers the SDK (here the
 * console exporter), routewise reports through `@opentelemetry/api`. Each POST /chat gets a server span; under it
 * routewise's `routewise.request` span and one `chat {model}` CLIENT span per provider attempt, with the GenAI
 * conventions' attributes (provider, models, usage, finish reasons) and routewise's (cost, retries, fallback).
 *
 *   npx tsx examples/otel-chat-endpoint.ts   (real API when OPENAI_API_KEY is set, else a local server)
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createRouter, openai } from '../src/index.js';
import { usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

// 1. The app's OpenTelemetry setup (a real app would use an OTLP exporter, or @opentelemetry/sdk-node).
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
const tracer = trace.getTracer('chat-endpoint');

// 2. The router: no telemetry code needed; it reports to whatever provider the app registered.
const endpoint = await liveOrLocal('openai', { fail: { openai: { count: 1, status: 503 } } });
const router = createRouter({
  providers: { openai: openai(endpoint.options) },
  models: { mini: { provider: 'openai', model: 'gpt-5-mini' } },
  retry: { baseDelayMs: 50, maxDelayMs: 200 },
});

async function readJson(req: IncomingMessage): Promise<{ message?: string }> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return JSON.parse(body || '{}');
}

// 3. The endpoint: POST /chat { message } streams the answer as text.
const server = createServer((req, res) => {
  tracer.startActiveSpan(`${req.method} ${req.url}`, { kind: SpanKind.SERVER }, async (span) => {
    try {
      const { message } = await readJson(req);
      const stream = router.stream({
        model: 'mini',
        messages: [{ role: 'user', content: message ?? 'Hello' }],
        maxOutputTokens: 800,
        reasoning: { effort: 'low' },
        metadata: { tenant: 'acme', feature: 'chat-endpoint' },
      });
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      for await (const event of stream) if (event.type === 'text-delta') res.write(event.text);
      const result = await stream.result;
      res.end();
      span.setAttribute('http.response.status_code', 200);
      console.log(
        `answered by ${result.alias}, ${result.cost.attempts.length} attempts, cost.usd: ${usd(result.cost.usd)}`,
      );
    } catch (error) {
      res.writeHead(502).end(String(error));
      span.recordException(error as Error);
    } finally {
      span.end();
    }
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;

try {
  // 4. A client call; the first provider attempt fails (503) and is retried, so the trace shows two attempt spans.
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify({ message: 'What is an idempotency key?' }),
  });
  console.log(`HTTP ${response.status}: ${(await response.text()).slice(0, 60)}…`);
} finally {
  server.close();
  await router.close();
  await tracerProvider.shutdown();
  await endpoint.close();
}

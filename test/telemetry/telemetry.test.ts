// Spans and metrics through the real OpenTelemetry SDKs' in-memory exporters, for calls the real provider SDKs make
// against msw: a completion, a stream, a retried attempt, a fallback, an error, a cache hit.
import { readFileSync } from 'node:fs';
import { metrics, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type HistogramMetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  RouteExhaustedError,
  anthropic,
  createRouter,
  openai,
  type RouterConfig,
} from '../../src/index.js';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '../../src/telemetry/gen-ai-metrics.js';
import { createRouterTelemetry } from '../../src/telemetry/router-telemetry.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

const fixture = (path: string) => readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8');
const server = useMsw();

const OPENAI = 'https://api.openai.com/v1/chat/completions';
const ANTHROPIC = 'https://api.anthropic.com/v1/messages';

/** A tracer and a meter provider writing to memory, handed to the router through its telemetry config. */
function otel() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => spans.getFinishedSpans(),
    async metrics() {
      await reader.forceFlush();
      const batches = metricExporter.getMetrics();
      const last = batches.at(-1);
      return (last?.scopeMetrics ?? []).flatMap((scope) => scope.metrics);
    },
  };
}

const providers = {
  openai: openai({ apiKey: 'sk-test-otel-openai' }),
  anthropic: anthropic({ apiKey: 'sk-ant-otel' }),
};
const models: RouterConfig['models'] = {
  mini: { provider: 'openai', model: 'gpt-4.1-mini', fallbacks: ['sonnet'] },
  o4: { provider: 'openai', model: 'o4-mini' },
  sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
};

function routerWith(telemetry: ReturnType<typeof otel>, extra: Partial<RouterConfig> = {}) {
  return createRouter({
    providers,
    models,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    telemetry: { tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider },
    ...extra,
  });
}

const byName = (spans: ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

const routers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(routers.splice(0).map((r) => r.close()));
});

describe('OpenTelemetry spans', () => {
  it('writes a request span and a CLIENT chat span with the GenAI attributes and usage of a completion', async () => {
    server.use(
      http.post(OPENAI, () =>
        HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion-cached-reasoning.json'))),
      ),
    );
    const t = otel();
    const router = routerWith(t);
    routers.push(router);
    const result = await router.complete({
      model: 'o4',
      maxOutputTokens: 2000,
      messages: [{ role: 'user', content: 'Plan the migration.' }],
      metadata: { tenant: 'acme', feature: 'planner', user: 'u-1' },
    });

    const [request] = byName(t.spans(), 'routewise.request');
    const [chat] = byName(t.spans(), 'chat o4-mini');
    expect(request).toBeDefined();
    expect(chat).toBeDefined();
    expect(chat?.kind).toBe(SpanKind.CLIENT);
    expect(parentOf(chat as ReadableSpan)).toBe(request?.spanContext().spanId);
    expect(chat?.spanContext().traceId).toBe(request?.spanContext().traceId);
    expect(chat?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'o4-mini',
      'gen_ai.response.model': 'o4-mini-2025-04-16',
      'gen_ai.request.max_tokens': 2000,
      'gen_ai.usage.input_tokens': 2306,
      'gen_ai.usage.output_tokens': 1186,
      'gen_ai.usage.cache_read.input_tokens': 2048,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.usage.reasoning.output_tokens': 1152,
      'gen_ai.response.finish_reasons': ['stop'],
      'routewise.cost.usd': result.cost.usd,
      'routewise.alias': 'o4',
    });
    expect(chat?.attributes['gen_ai.system']).toBeUndefined();
    expect(request?.attributes).toMatchObject({
      'routewise.cost.usd': result.cost.usd,
      'routewise.route.kind': 'pinned',
      'routewise.retries': 0,
      'routewise.fallback': false,
      'routewise.tenant': 'acme',
      'routewise.feature': 'planner',
    });
    // No prompt or answer text, and no user id, unless opted in.
    const all = JSON.stringify([request?.attributes, chat?.attributes]);
    expect(all).not.toContain('Plan the migration');
    expect(all).not.toContain('u-1');
    // The attempt span covers the attempt's own time, inside the request span.
    const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
    expect(ms(chat?.startTime as [number, number])).toBeGreaterThanOrEqual(
      ms(request?.startTime as [number, number]) - 1,
    );
    expect(ms(chat?.endTime as [number, number])).toBeLessThanOrEqual(ms(request?.endTime as [number, number]) + 1);
  });

  it('records prompts and answers in the conventions’ JSON when recordContent is on', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')))),
    );
    const t = otel();
    const router = createRouter({
      providers,
      models,
      telemetry: { tracerProvider: t.tracerProvider, recordContent: true },
    });
    routers.push(router);
    await router.complete({
      model: 'mini',
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Capital of France?' }],
    });
    const [request] = byName(t.spans(), 'routewise.request');
    const [chat] = byName(t.spans(), 'chat gpt-4.1-mini');
    expect(JSON.parse(String(request?.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Capital of France?' }] },
    ]);
    expect(JSON.parse(String(request?.attributes['gen_ai.system_instructions']))).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    expect(JSON.parse(String(chat?.attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'The capital of France is Paris.' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('writes one span per attempt of a retried call, the failed one with error.type and an error status', async () => {
    let calls = 0;
    server.use(
      http.post(OPENAI, () => {
        calls += 1;
        if (calls === 1)
          return HttpResponse.json({ error: { message: 'overloaded', type: 'server_error' } }, { status: 503 });
        return HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')));
      }),
    );
    const t = otel();
    const router = routerWith(t);
    routers.push(router);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'Capital of France?' }] });
    const chats = byName(t.spans(), 'chat gpt-4.1-mini');
    expect(chats.map((span) => span.attributes['routewise.attempt'])).toEqual([1, 2]);
    expect(chats[0]?.attributes['error.type']).toBe('503');
    expect(chats[0]?.status.code).toBe(SpanStatusCode.ERROR);
    expect(chats[1]?.attributes['error.type']).toBeUndefined();
    expect(chats[1]?.attributes['gen_ai.usage.input_tokens']).toBe(19);
    const [request] = byName(t.spans(), 'routewise.request');
    expect(request?.attributes['routewise.retries']).toBe(1);
    expect(request?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('names each provider by the conventions in a fallback from OpenAI to Anthropic', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json({ error: { message: 'down', type: 'server_error' } }, { status: 500 })),
      http.post(ANTHROPIC, () => HttpResponse.json(JSON.parse(fixture('anthropic/__fixtures__/message-text.json')))),
    );
    const t = otel();
    const router = routerWith(t, { retry: { retries: 0 } });
    routers.push(router);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'Hello' }] });
    const chats = t.spans().filter((span) => span.name.startsWith('chat '));
    expect(
      chats.map((span) => [span.name, span.attributes['gen_ai.provider.name'], span.attributes['error.type']]),
    ).toEqual([
      ['chat gpt-4.1-mini', 'openai', '500'],
      ['chat claude-sonnet-4-6', 'anthropic', undefined],
    ]);
    const [request] = byName(t.spans(), 'routewise.request');
    expect(request?.attributes).toMatchObject({ 'routewise.fallback': true, 'routewise.alias': 'sonnet' });
  });

  it('marks a failed request with error.type and what it cost; a budget refusal names its scope', async () => {
    server.use(
      http.post(OPENAI, () =>
        HttpResponse.json({ error: { message: 'bad', type: 'invalid_request_error' } }, { status: 400 }),
      ),
    );
    const t = otel();
    const router = routerWith(t, { models: { o4: { provider: 'openai', model: 'o4-mini' } } });
    routers.push(router);
    const error = await router.complete({ model: 'o4', messages: [{ role: 'user', content: 'x' }] }).catch((e) => e);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    const refused = await router
      .complete({
        model: 'o4',
        messages: [{ role: 'user', content: 'x' }],
        maxOutputTokens: 50_000,
        budget: { maxUsd: 0.0001 },
      })
      .catch((e) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);

    const [failed, overBudget] = byName(t.spans(), 'routewise.request');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes).toMatchObject({ 'error.type': '400', 'routewise.attempts': 1, 'routewise.cost.usd': 0 });
    expect(overBudget?.status.code).toBe(SpanStatusCode.ERROR);
    expect(overBudget?.attributes).toMatchObject({
      'error.type': 'BudgetExceededError',
      'routewise.budget.scope': 'request',
      'routewise.budget.max_usd': 0.0001,
    });
    expect(byName(t.spans(), 'chat o4-mini')).toHaveLength(1);
  });

  it('serves a cache hit with a request span marked exact and no attempt span', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')))),
    );
    const t = otel();
    const router = routerWith(t, { responseCache: { exact: true } });
    routers.push(router);
    const ask = { model: 'mini', temperature: 0, messages: [{ role: 'user' as const, content: 'Capital of France?' }] };
    await router.complete(ask);
    const hit = await router.complete(ask);
    expect(hit.cache?.hit).toBe('exact');
    const requests = byName(t.spans(), 'routewise.request');
    expect(requests.map((span) => span.attributes['routewise.cache.outcome'])).toEqual(['miss', 'exact']);
    expect(requests[1]?.attributes['routewise.cache.saved_usd']).toBeGreaterThan(0);
    expect(requests[1]?.attributes['routewise.cost.usd']).toBe(0);
    expect(byName(t.spans(), 'chat gpt-4.1-mini')).toHaveLength(1);
  });
});

describe('OpenTelemetry metrics', () => {
  it('records token usage, duration and cost per attempt with the conventions’ names, units and buckets', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')))),
    );
    const t = otel();
    const router = routerWith(t);
    routers.push(router);
    const result = await router.complete({
      model: 'mini',
      messages: [{ role: 'user', content: 'Capital of France?' }],
      metadata: { tenant: 'acme', feature: 'faq' },
    });
    const metrics = await t.metrics();
    const find = (name: string) => metrics.find((metric) => metric.descriptor.name === name);

    const tokens = find('gen_ai.client.token.usage') as HistogramMetricData;
    expect(tokens.descriptor.unit).toBe('{token}');
    const byType = Object.fromEntries(tokens.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p]));
    expect(byType.input?.value.sum).toBe(19);
    expect(byType.output?.value.sum).toBe(8);
    expect(byType.input?.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(byType.input?.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-mini',
      'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
      'routewise.alias': 'mini',
      'routewise.tenant': 'acme',
      'routewise.feature': 'faq',
      'gen_ai.token.type': 'input',
    });

    const duration = find('gen_ai.client.operation.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints[0]?.value.count).toBe(1);
    expect(duration.dataPoints[0]?.value.buckets.boundaries).toEqual(DURATION_BUCKETS);
    expect(duration.dataPoints[0]?.value.sum).toBeCloseTo(result.cost.attempts[0]!.latencyMs / 1000, 6);

    const cost = find('routewise.cost') as SumMetricData;
    expect(cost.descriptor.unit).toBe('USD');
    expect(cost.dataPoints[0]?.value).toBeCloseTo(result.cost.usd, 12);
    expect(cost.dataPoints[0]?.attributes).toMatchObject({ 'routewise.tenant': 'acme', 'routewise.alias': 'mini' });
    expect(find('gen_ai.client.operation.time_to_first_chunk')).toBeUndefined();
  });

  it('records the time to first chunk of a stream, and its usage from the stream (Anthropic, with cache writes)', async () => {
    server.use(
      http.post(
        ANTHROPIC,
        () =>
          new HttpResponse(sseStream(parseChunksFile(fixture('anthropic/__fixtures__/stream-thinking.chunks.txt'))), {
            headers: { 'content-type': 'text/event-stream' },
          }),
      ),
    );
    const t = otel();
    const router = routerWith(t);
    routers.push(router);
    const stream = router.stream({ model: 'sonnet', messages: [{ role: 'user', content: 'What is 27 × 453?' }] });
    for await (const _event of stream) {
      // drain
    }
    const result = await stream.result;
    const [chat] = byName(t.spans(), 'chat claude-sonnet-4-6');
    expect(chat?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': result.usage.inputTokens,
      'gen_ai.usage.cache_creation.input_tokens': result.usage.cacheWriteTokens,
      'gen_ai.usage.cache_read.input_tokens': result.usage.cachedInputTokens,
    });
    expect(result.usage.cacheWriteTokens).toBeGreaterThan(0);
    const [request] = byName(t.spans(), 'routewise.request');
    expect(request?.attributes['routewise.streamed']).toBe(true);
    const metrics = await t.metrics();
    const ttfc = metrics.find(
      (m) => m.descriptor.name === 'gen_ai.client.operation.time_to_first_chunk',
    ) as HistogramMetricData;
    expect(ttfc.descriptor.unit).toBe('s');
    expect(ttfc.dataPoints[0]?.value.count).toBe(1);
    const seconds = ttfc.dataPoints[0]?.value.sum ?? -1;
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds).toBeLessThanOrEqual(result.cost.attempts[0]!.latencyMs / 1000 + 0.002);
    expect(ttfc.dataPoints[0]?.attributes['gen_ai.provider.name']).toBe('anthropic');
  });
});

describe('OpenTelemetry through the global providers', () => {
  it('records through providers an SDK registers after the router is built (the API is loaded only then)', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')))),
    );
    const router = createRouter({ providers, models });
    routers.push(router);
    const t = otel();
    trace.setGlobalTracerProvider(t.tracerProvider);
    metrics.setGlobalMeterProvider(t.meterProvider);
    try {
      await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'x' }] });
      expect(byName(t.spans(), 'routewise.request')).toHaveLength(1);
      expect(byName(t.spans(), 'chat gpt-4.1-mini')).toHaveLength(1);
      expect((await t.metrics()).map((metric) => metric.descriptor.name)).toContain('gen_ai.client.operation.duration');
    } finally {
      trace.disable();
      metrics.disable();
    }
  });
});

describe('OpenTelemetry off', () => {
  it('builds nothing per request when no provider is registered (the API’s no-op)', () => {
    const telemetry = createRouterTelemetry(undefined, new Map());
    expect(telemetry.start({ messages: [{ role: 'user', content: 'x' }] }, false)).toBeUndefined();
  });

  it('is off with enabled: false even with providers given', async () => {
    server.use(
      http.post(OPENAI, () => HttpResponse.json(JSON.parse(fixture('openai/__fixtures__/chat-completion.json')))),
    );
    const t = otel();
    const router = createRouter({
      providers,
      models,
      telemetry: { enabled: false, tracerProvider: t.tracerProvider, meterProvider: t.meterProvider },
    });
    routers.push(router);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'x' }] });
    expect(t.spans()).toEqual([]);
  });
});

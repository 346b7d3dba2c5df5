import type { Attributes, Context, Meter, MeterProvider, Span, Tracer } from '@opentelemetry/api';
import { answeringAttempt, attemptsOf } from '../ledger/record-outcome.js';
import type { AttemptRecord } from '../core/attempt-record.js';
import type { RouterRequest } from '../router/request.js';
import type { RouterResult } from '../router/result.js';
import type { Target } from '../router/target.js';
import { toOpenAIFinishReason } from '../openai-client/to-chat-completion.js';
import { inputContentAttributes, outputContentAttributes } from './content-attributes.js';
import { errorType } from './error-type.js';
import { createGenAiInstruments, type GenAiInstruments } from './gen-ai-metrics.js';
import { genAiProviderName } from './gen-ai-provider-name.js';
import { loadOtelApi, otelRegistered } from './otel-api.js';
import { failureAttributes, requestTags, resultAttributes } from './request-attributes.js';
import type { TelemetryConfig } from './telemetry-config.js';

/** The instrumentation scope routewise reports under. */
const SCOPE = 'routewise';

/** One request's telemetry, from its start to its outcome. */
export interface RequestTelemetry {
  /** Runs `fn` with the request span as the active context (HTTP instrumentation and nested calls nest under it). */
  run<T>(fn: () => T): T;
  /** A streamed request's first text delta reached the caller. */
  firstChunk(): void;
  /** The request answered. */
  succeed(result: RouterResult): void;
  /** The request failed. */
  fail(error: unknown): void;
}

/** The router's telemetry: `start` returns undefined when nothing would record (no provider registered). */
export interface RouterTelemetry {
  start(request: RouterRequest, streamed: boolean): RequestTelemetry | undefined;
}

/**
 * Spans and metrics in the OpenTelemetry GenAI conventions, through `@opentelemetry/api` only. One
 * `routewise.request` span per request; one CLIENT span `chat {model}` per provider attempt, written when the request
 * settles from its attempt records (their real start and end times), so the call path itself carries no telemetry
 * code. Until something registers with the API (and with no provider in `config`), `start` is one global lookup and
 * the API is not even loaded; after, it costs a span start and one provider lookup while nothing records.
 */
export function createRouterTelemetry(
  config: TelemetryConfig | undefined,
  targets: ReadonlyMap<string, Target>,
): RouterTelemetry {
  if (config?.enabled === false) return { start: () => undefined };
  const given = config?.tracerProvider !== undefined || config?.meterProvider !== undefined;
  let live: RouterTelemetry | undefined;
  return {
    start(request, streamed) {
      if (live === undefined) {
        // An SDK registered after the router was built is picked up by the next request.
        if (!given && !otelRegistered()) return undefined;
        live = liveTelemetry(config, targets);
      }
      return live.start(request, streamed);
    },
  };
}

/** `createRouterTelemetry` once the API is worth loading. */
function liveTelemetry(config: TelemetryConfig | undefined, targets: ReadonlyMap<string, Target>): RouterTelemetry {
  const { context, createNoopMeter, metrics, SpanKind, SpanStatusCode, trace } = loadOtelApi();
  // A meter from the no-op provider is an instance of this class: nothing is built for it.
  const NoopMeterClass = (createNoopMeter() as object).constructor;
  const recordContent = config?.recordContent === true;
  const tracer: Tracer = (config?.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  // The global meter provider may be registered after the router is built: looked up per request, cached per provider.
  let meterProvider: MeterProvider | undefined;
  let instruments: GenAiInstruments | undefined;
  const currentInstruments = (): GenAiInstruments | undefined => {
    const provider = config?.meterProvider ?? metrics.getMeterProvider();
    if (provider !== meterProvider) {
      meterProvider = provider;
      const meter: Meter = provider.getMeter(SCOPE);
      instruments = (meter as object).constructor === NoopMeterClass ? undefined : createGenAiInstruments(meter);
    }
    return instruments;
  };
  const providerName = (alias: string, fallback: string): string => {
    const target = targets.get(alias);
    return genAiProviderName(target ? target.adapter.name : fallback);
  };

  return {
    start(request, streamed) {
      const span = tracer.startSpan('routewise.request', { kind: SpanKind.INTERNAL });
      const meters = currentInstruments();
      if (!span.isRecording() && !meters) return undefined;
      const parent = trace.setSpan(context.active(), span);
      const tags = requestTags(request);
      span.setAttributes(tags);
      span.setAttribute('routewise.streamed', streamed);
      if (request.model !== undefined) span.setAttribute('routewise.requested_alias', request.model);
      if (request.budget) span.setAttribute('routewise.budget.max_usd', request.budget.maxUsd);
      if (recordContent && span.isRecording()) span.setAttributes(inputContentAttributes(request));
      let firstChunkAt: number | undefined;

      const report = (attempts: readonly AttemptRecord[], result: RouterResult | undefined) => {
        const answering = result ? answeringAttempt(attempts, result.alias) : undefined;
        for (const attempt of attempts) {
          const answered = attempt === answering ? result : undefined;
          const attributes = attemptAttributes(attempt, providerName(attempt.alias, attempt.provider), answered);
          if (span.isRecording()) {
            writeAttemptSpan(tracer, parent, attempt, attributes, answered, recordContent);
          }
          if (meters) recordAttemptMetrics(meters, attempt, attributes, tags);
        }
        if (meters && answering && firstChunkAt !== undefined) {
          const seconds = Math.max(0, firstChunkAt - Date.parse(answering.startedAt)) / 1000;
          meters.timeToFirstChunk.record(seconds, {
            ...metricAttributes(
              attemptAttributes(answering, providerName(answering.alias, answering.provider), result),
            ),
            ...tags,
          });
          span.setAttribute('routewise.time_to_first_chunk_s', seconds);
        }
      };

      return {
        run: (fn) => context.with(parent, fn),
        firstChunk() {
          firstChunkAt ??= Date.now();
        },
        succeed(result) {
          report(result.cost.attempts, result);
          span.setAttributes(resultAttributes(result));
          span.end();
        },
        fail(error) {
          const attempts = attemptsOf(error);
          report(attempts, undefined);
          span.setAttributes(failureAttributes(error, attempts));
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.message : String(error),
          });
          span.end();
        },
      };
    },
  };
}

/** An attempt's conventions and routewise attributes; `answered` is the result it produced, when it did. */
function attemptAttributes(attempt: AttemptRecord, provider: string, answered: RouterResult | undefined): Attributes {
  const out: Attributes = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': provider,
    'gen_ai.request.model': attempt.model,
    'routewise.alias': attempt.alias,
    'routewise.attempt': attempt.attempt,
    'routewise.cost.usd': attempt.costUsd,
  };
  if (attempt.maxOutputTokens !== undefined) out['gen_ai.request.max_tokens'] = attempt.maxOutputTokens;
  if (attempt.purpose !== undefined) out['routewise.purpose'] = attempt.purpose;
  if (attempt.step !== undefined) out['routewise.step'] = attempt.step;
  if (attempt.usageEstimated) out['routewise.usage_estimated'] = true;
  const usage = attempt.usage;
  if (usage) {
    out['gen_ai.usage.input_tokens'] = usage.inputTokens;
    out['gen_ai.usage.output_tokens'] = usage.outputTokens;
    out['gen_ai.usage.cache_read.input_tokens'] = usage.cachedInputTokens;
    out['gen_ai.usage.cache_creation.input_tokens'] = usage.cacheWriteTokens;
    out['gen_ai.usage.reasoning.output_tokens'] = usage.reasoningTokens;
  }
  if (attempt.status === 'error')
    out['error.type'] = attempt.httpStatus !== undefined ? String(attempt.httpStatus) : errorType(attempt.error);
  if (answered) {
    out['gen_ai.response.model'] = answered.responseModel ?? answered.model;
    out['gen_ai.response.finish_reasons'] = [toOpenAIFinishReason(answered.finishReason)];
  }
  return out;
}

function writeAttemptSpan(
  tracer: Tracer,
  parent: Context,
  attempt: AttemptRecord,
  attributes: Attributes,
  answered: RouterResult | undefined,
  recordContent: boolean,
): void {
  const { SpanKind, SpanStatusCode } = loadOtelApi();
  const startMs = Date.parse(attempt.startedAt);
  const span: Span = tracer.startSpan(
    `chat ${attempt.model}`,
    { kind: SpanKind.CLIENT, startTime: startMs, attributes },
    parent,
  );
  if (recordContent && answered) {
    span.setAttributes(outputContentAttributes(answered, toOpenAIFinishReason(answered.finishReason)));
  }
  if (attempt.status === 'error') {
    span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.error?.message ?? 'attempt failed' });
  }
  span.end(startMs + attempt.latencyMs);
}

/** The attributes metrics carry: the conventions' low-cardinality ones, the alias and the request's tags. */
function metricAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {
    'gen_ai.operation.name': attributes['gen_ai.operation.name'],
    'gen_ai.provider.name': attributes['gen_ai.provider.name'],
    'gen_ai.request.model': attributes['gen_ai.request.model'],
    'routewise.alias': attributes['routewise.alias'],
  };
  if (attributes['gen_ai.response.model'] !== undefined)
    out['gen_ai.response.model'] = attributes['gen_ai.response.model'];
  if (attributes['error.type'] !== undefined) out['error.type'] = attributes['error.type'];
  return out;
}

function recordAttemptMetrics(
  meters: GenAiInstruments,
  attempt: AttemptRecord,
  attributes: Attributes,
  tags: Attributes,
): void {
  const base = { ...metricAttributes(attributes), ...tags };
  meters.operationDuration.record(attempt.latencyMs / 1000, base);
  if (attempt.costUsd > 0) meters.cost.add(attempt.costUsd, base);
  const usage = attempt.usage;
  if (!usage) return;
  // The token histogram carries no error.type: the conventions record it for operations that reported usage.
  const { 'error.type': _error, ...tokenBase } = base;
  meters.tokenUsage.record(usage.inputTokens, { ...tokenBase, 'gen_ai.token.type': 'input' });
  meters.tokenUsage.record(usage.outputTokens, { ...tokenBase, 'gen_ai.token.type': 'output' });
}

import { ProviderError } from '../../src/errors.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import type { CallOptions, ChatRequest } from '../../src/providers/spec/request.js';
import type { ChatResponse, ChatStreamEvent, FinishReason, TokenLogprob } from '../../src/providers/spec/response.js';
import type { Usage } from '../../src/providers/spec/usage.js';

/** A scripted step: answer with text, or fail with a ProviderError built from these fields. */
export type Step =
  | {
      text: string;
      usage?: Partial<Usage>;
      finishReason?: FinishReason;
      logprobs?: TokenLogprob[];
      warnings?: string[];
    }
  | { status?: number; kind?: ProviderError['kind']; retryAfterMs?: number; usage?: Usage; afterDeltas?: string[] };

/** A recorded call the fake received. */
export interface FakeCall {
  model: string;
  request: ChatRequest;
  options: CallOptions | undefined;
  at: number;
}

/**
 * An in-memory adapter for router-logic tests: plays its script step by step. Provider behaviour itself is
 * tested through the real SDKs with msw; this isolates retries, fallbacks, budgets and caps.
 */
export function fakeAdapter(name: string, script: Step[]): ProviderAdapter & { calls: FakeCall[] } {
  const calls: FakeCall[] = [];
  const next = (model: string, request: ChatRequest, options?: CallOptions): Step => {
    calls.push({ model, request, options, at: performance.now() });
    const step = script.shift();
    if (!step) throw new Error(`fake adapter ${name}: script exhausted`);
    return step;
  };
  const fail = (model: string, step: Exclude<Step, { text: string }>) => {
    const status = step.status;
    const kind = step.kind ?? (status === undefined ? 'connection' : 'http');
    const retryable =
      kind === 'connection' || (status !== undefined && [408, 409, 429].includes(status)) || (status ?? 0) >= 500;
    return new ProviderError(`fake ${name} failed with ${status ?? kind}`, {
      provider: name,
      model,
      kind,
      retryable,
      ...(status !== undefined ? { status } : {}),
      ...(step.retryAfterMs !== undefined ? { retryAfterMs: step.retryAfterMs } : {}),
      ...(step.usage ? { usage: step.usage } : {}),
    });
  };
  const respond = (step: Extract<Step, { text: string }>): ChatResponse => ({
    text: step.text,
    toolCalls: [],
    finishReason: step.finishReason ?? 'stop',
    ...(step.logprobs ? { logprobs: step.logprobs } : {}),
    usage: {
      inputTokens: 100,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 50,
      reasoningTokens: 0,
      ...step.usage,
    },
    warnings: step.warnings ?? [],
    raw: { fake: true },
  });
  return {
    name,
    priceProviderId: undefined,
    calls,
    async complete(model, request, options) {
      const step = next(model, request, options);
      if ('text' in step) return respond(step);
      throw fail(model, step);
    },
    async *stream(model, request, options): AsyncIterable<ChatStreamEvent> {
      const step = next(model, request, options);
      if ('text' in step) {
        for (const word of step.text.split(' ')) yield { type: 'text-delta', text: word };
        yield { type: 'finish', response: respond(step) };
        return;
      }
      for (const text of step.afterDeltas ?? []) yield { type: 'text-delta', text };
      throw fail(model, step);
    },
  };
}

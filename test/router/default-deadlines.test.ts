import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter, ProviderError, RouteExhaustedError } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import type { CallOptions } from '../../src/providers/spec/request.js';

/** An adapter whose calls never answer: they end only when their signal aborts (or never, with `deaf`). */
function silentAdapter(deaf = false): ProviderAdapter & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const hang = (options: CallOptions | undefined) =>
    new Promise<never>((_, reject) => {
      if (options?.signal) signals.push(options.signal);
      if (deaf) return;
      options?.signal?.addEventListener('abort', () =>
        reject(
          new ProviderError('silent: aborted', { provider: 'silent', model: 'm', kind: 'aborted', retryable: false }),
        ),
      );
    });
  return {
    name: 'silent',
    priceProviderId: undefined,
    signals,
    complete: (_model, _request, options) => hang(options),
    async *stream(_model, _request, options) {
      yield await hang(options);
    },
  };
}

function router(adapter: ProviderAdapter) {
  return createRouter({
    providers: { silent: adapter },
    models: { m: { provider: 'silent', model: 'm' } },
    prices: { 'silent:m': { inputPerMTok: 1, outputPerMTok: 1 } },
    retry: { retries: 0 },
  });
}
const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Tracks whether a promise has settled, without letting a rejection go unhandled. */
function watch<T>(promise: Promise<T>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => {
      state.settled = true;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

describe('the documented defaults hold (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a silent call ends at the default timeoutMs of 600000 ms, as a timeout', async () => {
    const call = watch(router(silentAdapter()).complete(ask));
    await vi.advanceTimersByTimeAsync(599_999);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toBeInstanceOf(RouteExhaustedError);
    expect((call.error as RouteExhaustedError).attempts[0]!.error).toMatchObject({
      kind: 'timeout',
      message: 'silent m: timed out after 600000 ms (timeoutMs)',
    });
  });

  it('a silent stream ends at the default streamIdleTimeoutMs of 300000 ms', async () => {
    const stream = router(silentAdapter()).stream(ask);
    const result = watch(stream.result);
    await vi.advanceTimersByTimeAsync(299_999);
    expect(result.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((result.error as RouteExhaustedError).attempts[0]!.error).toMatchObject({
      kind: 'timeout',
      message: 'silent m: no event from the provider for 300000 ms (streamIdleTimeoutMs)',
    });
  });

  it('an adapter that ignores the abort still cannot keep the attempt open', async () => {
    const adapter = silentAdapter(true);
    const call = watch(router(adapter).complete(ask));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(adapter.signals[0]!.aborted).toBe(true);
    // A short grace for the adapter to report the abort itself, then the attempt is abandoned.
    await vi.advanceTimersByTimeAsync(100);
    expect((call.error as RouteExhaustedError).attempts[0]!.error).toMatchObject({ kind: 'timeout' });

    const stream = router(silentAdapter(true)).stream(ask);
    const result = watch(stream.result);
    await vi.advanceTimersByTimeAsync(300_100);
    expect((result.error as RouteExhaustedError).attempts[0]!.error).toMatchObject({ kind: 'timeout' });
  });

  it('leaves no timer behind once a call has answered', async () => {
    const answering: ProviderAdapter = {
      name: 'silent',
      priceProviderId: undefined,
      complete: async () => ({
        text: 'ok',
        toolCalls: [],
        finishReason: 'stop',
        usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 },
        warnings: [],
        raw: {},
      }),
      async *stream() {
        yield { type: 'text-delta', text: 'ok' };
      },
    };
    const r = router(answering);
    await r.complete(ask);
    // At most one timer remains: the unref'd no-op that keeps Node's 600 s timer list in place between attempts
    // (`keepTimerListFor` in attempt-deadline.ts; absent when an earlier test made it). No attempt leaves its own.
    const left = vi.getTimerCount();
    expect(left).toBeLessThanOrEqual(1);
    await r.complete(ask);
    await r.complete(ask);
    expect(vi.getTimerCount()).toBe(left);
  });
});

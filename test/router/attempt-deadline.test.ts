import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import type { CallOptions } from '../../src/providers/spec/request.js';
import { AttemptTimeout, startAttemptDeadline } from '../../src/router/attempt-deadline.js';

describe('an attempt deadline builds its signal only when it is read', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops what onAbort registered at timeoutMs; the signal read afterwards is already aborted', () => {
    const deadline = startAttemptDeadline(undefined, 1_000);
    const stops: unknown[] = [];
    deadline.onAbort((reason) => stops.push(reason));
    vi.advanceTimersByTime(999);
    expect(stops).toEqual([]);
    expect(deadline.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(stops).toHaveLength(1);
    expect(stops[0]).toBeInstanceOf(AttemptTimeout);
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason).toBe(stops[0]);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(stops[0]);
    // Registered after the abort: stopped at once.
    deadline.onAbort((reason) => stops.push(reason));
    expect(stops).toEqual([stops[0], stops[0]]);
    deadline.dispose();
  });

  it('a signal read before the abort aborts with it', () => {
    const deadline = startAttemptDeadline(undefined, 50);
    const signal = deadline.signal;
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(50);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBeInstanceOf(AttemptTimeout);
    deadline.dispose();
  });

  it("follows the caller's signal whether or not its own was read", () => {
    const caller = new AbortController();
    const deadline = startAttemptDeadline(caller.signal, 60_000);
    const stops: unknown[] = [];
    deadline.onAbort((reason) => stops.push(reason));
    caller.abort('left');
    expect(stops).toEqual(['left']);
    expect(deadline.signal.reason).toBe('left');
    deadline.dispose();
  });

  it('once disposed, a registered stop is never called', () => {
    const deadline = startAttemptDeadline(undefined, 10);
    const stop = vi.fn();
    deadline.onAbort(stop);
    deadline.dispose();
    vi.advanceTimersByTime(100);
    expect(stop).not.toHaveBeenCalled();
  });
});

/** An adapter that keeps the call options it was given, and answers at once. */
function keepingAdapter(): ProviderAdapter & { seen: CallOptions[] } {
  const seen: CallOptions[] = [];
  return {
    name: 'keep',
    priceProviderId: undefined,
    seen,
    async complete(_model, _request, options) {
      // A spread copy, as an adapter passing options on might make.
      if (options) seen.push({ ...options });
      return {
        text: 'ok',
        toolCalls: [],
        finishReason: 'stop',
        usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1, reasoningTokens: 0 },
        warnings: [],
        raw: {},
      };
    },
    stream() {
      throw new Error('not streamed here');
    },
  };
}

describe('the router offers onDeadline to a non-streamed attempt only its deadline can abort', () => {
  const build = (adapter: ProviderAdapter) =>
    createRouter({
      providers: { keep: adapter },
      models: { m: { provider: 'keep', model: 'm' } },
      prices: { 'keep:m': { inputPerMTok: 1, outputPerMTok: 1 } },
    });
  const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('without a caller signal: onDeadline, timeoutMs, and a signal that a spread copy still carries', async () => {
    const adapter = keepingAdapter();
    await build(adapter).complete(ask);
    const [options] = adapter.seen;
    expect(options?.onDeadline).toBeTypeOf('function');
    expect(options?.timeoutMs).toBe(600_000);
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(options?.signal?.aborted).toBe(false);
  });

  it("with a caller signal: no onDeadline, the deadline's signal (linked to the caller's)", async () => {
    const adapter = keepingAdapter();
    const caller = new AbortController();
    await build(adapter).complete({ ...ask, signal: caller.signal });
    const [options] = adapter.seen;
    expect(options?.onDeadline).toBeUndefined();
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(options?.signal).not.toBe(caller.signal);
  });
});

import { describe, expect, it } from 'vitest';
import type { RouterConfig } from '../../src/index.js';
import {
  BudgetExceededError,
  ContextWindowExceededError,
  createRouter,
  ProviderError,
  RouteExhaustedError,
} from '../../src/index.js';
import { fakeAdapter, type Step } from './fake-adapter.js';

const prices = {
  // $1 / $2 per million input / output tokens: easy to compute by hand.
  'primary:m-primary': { inputPerMTok: 1, outputPerMTok: 2, contextWindow: 10_000 },
  'backup:m-backup': { inputPerMTok: 3, outputPerMTok: 6 },
};

function setup(primary: Step[], backup: Step[] = [], overrides: Partial<RouterConfig> = {}) {
  const a = fakeAdapter('primary', primary);
  const b = fakeAdapter('backup', backup);
  const router = createRouter({
    providers: { primary: a, backup: b },
    models: {
      main: { provider: 'primary', model: 'm-primary', fallbacks: ['spare'] },
      spare: { provider: 'backup', model: 'm-backup', maxOutputTokens: 300 },
    },
    prices,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...overrides,
  });
  return { router, a, b };
}

const ask = { model: 'main', messages: [{ role: 'user' as const, content: 'hello' }] };

describe('runRoute through createRouter', () => {
  it('answers on the first attempt and prices it from usage', async () => {
    const { router, a } = setup([{ text: 'hi there' }]);
    const res = await router.complete(ask);
    expect(res.text).toBe('hi there');
    expect(res.alias).toBe('main');
    expect(res.model).toBe('m-primary');
    expect(res.provider).toBe('primary');
    expect(a.calls).toHaveLength(1);
    // 100 input × $1/M + 50 output × $2/M
    expect(res.cost.usd).toBeCloseTo(100e-6 + 100e-6, 12);
    expect(res.cost.attempts).toEqual([
      expect.objectContaining({ alias: 'main', attempt: 1, status: 'ok', costUsd: expect.closeTo(200e-6, 12) }),
    ]);
    expect(res.route).toEqual({ kind: 'pinned', chain: ['main', 'spare'], answeredBy: 'main', fellBack: false });
  });

  it('resolves the output cap: request, then model, then the router default', async () => {
    const { router, a, b } = setup([{ text: 'x' }, { text: 'y' }], [{ text: 'z' }]);
    await router.complete({ ...ask, maxOutputTokens: 77 });
    await router.complete(ask);
    await router.complete({ ...ask, model: 'spare' });
    expect(a.calls.map((c) => c.request.maxOutputTokens)).toEqual([77, 4096]);
    expect(b.calls[0]!.request.maxOutputTokens).toBe(300);
  });

  it('retries 500 twice then succeeds, charging and recording every attempt', async () => {
    const { router, a } = setup([{ status: 500 }, { status: 503 }, { text: 'ok' }]);
    const res = await router.complete(ask);
    expect(a.calls).toHaveLength(3);
    expect(res.cost.attempts.map((x) => [x.attempt, x.status, x.httpStatus])).toEqual([
      [1, 'error', 500],
      [2, 'error', 503],
      [3, 'ok', undefined],
    ]);
  });

  it('never retries a 400 and does not hide it: the fallback is tried, then RouteExhaustedError lists both', async () => {
    const { router, a, b } = setup([{ status: 400 }], [{ status: 401 }]);
    const error = await router.complete(ask).catch((e) => e);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    expect(error.attempts.map((x: { alias: string; httpStatus: number }) => [x.alias, x.httpStatus])).toEqual([
      ['main', 400],
      ['spare', 401],
    ]);
    expect(error.attempts[0].error).toBeInstanceOf(ProviderError);
    expect(error.message).toContain('main (primary:m-primary) attempt 1');
  });

  it('falls back after retries are exhausted and says so in the route', async () => {
    const { router, a, b } = setup([{ status: 429 }, { status: 429 }, { status: 429 }], [{ text: 'from backup' }]);
    const res = await router.complete(ask);
    expect(a.calls).toHaveLength(3);
    expect(b.calls).toHaveLength(1);
    expect(res.text).toBe('from backup');
    expect(res.provider).toBe('backup');
    expect(res.route).toMatchObject({ answeredBy: 'spare', fellBack: true });
    expect(res.cost.attempts).toHaveLength(4);
  });

  it('honours retry-after up to the configured ceiling, and goes to the fallback at once when asked to wait longer', async () => {
    const { router, a, b } = setup(
      [
        { status: 429, retryAfterMs: 30 },
        { status: 429, retryAfterMs: 10_000 },
      ],
      [{ text: 'from backup' }],
      { retry: { maxRetryAfterMs: 40, baseDelayMs: 1, maxDelayMs: 1 } },
    );
    const res = await router.complete(ask);
    const [first, second] = a.calls.map((c) => c.at);
    expect(second! - first!).toBeGreaterThanOrEqual(28);
    // 10 s asked, 40 ms ceiling: waiting 40 ms would only meet the same refusal, so no third attempt at main.
    expect(a.calls).toHaveLength(2);
    expect(b.calls[0]!.at - second!).toBeLessThan(30);
    expect(res.route).toMatchObject({ answeredBy: 'spare', fellBack: true });
  });

  it('fails at once when the provider asks to wait beyond the ceiling and there is no fallback', async () => {
    const { router, a } = setup([{ status: 429, retryAfterMs: 3_600_000 }], [], {
      models: { solo: { provider: 'primary', model: 'm-primary' } },
    });
    // Waiting an hour would time the test out; one call at main shows no wait-and-retry either.
    const error = await router.complete({ ...ask, model: 'solo' }).catch((e) => e);
    expect(error).toBeInstanceOf(RouteExhaustedError);
    expect(a.calls).toHaveLength(1);
    expect(error.attempts[0]).toMatchObject({ httpStatus: 429, status: 'error' });
  });

  it('an abort during the retry backoff rejects with ProviderError (aborted) carrying every attempt and its cost', async () => {
    const usage = {
      inputTokens: 1000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 500,
      reasoningTokens: 0,
    };
    const { router, a, b } = setup(
      [
        { status: 500, usage },
        { status: 503, retryAfterMs: 5000 },
      ],
      [{ text: 'never' }],
      {
        retry: { baseDelayMs: 1, maxDelayMs: 1 },
      },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('user pressed stop')), 150);
    // Without the abort, the 5 s backoff would end in a call to the fallback, which answers.
    const error = await router.complete({ ...ask, signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'aborted', retryable: false, provider: 'primary', model: 'm-primary' });
    expect(error.message).toContain('user pressed stop');
    expect(error.attempts.map((x: { attempt: number; httpStatus: number }) => [x.attempt, x.httpStatus])).toEqual([
      [1, 500],
      [2, 503],
    ]);
    expect(error.attempts[0].costUsd).toBeCloseTo(1000e-6 + 1000e-6, 12);
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(0);
  });

  it('respects retries: 0', async () => {
    const { router, a, b } = setup([{ status: 500 }], [{ text: 'b' }], { retry: { retries: 0 } });
    await router.complete(ask);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });

  it('charges a failed attempt whose provider reported usage', async () => {
    const usage = {
      inputTokens: 1000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 500,
      reasoningTokens: 0,
    };
    const { router } = setup([{ status: 500, usage }, { text: 'ok' }]);
    const res = await router.complete(ask);
    expect(res.cost.attempts[0]!.costUsd).toBeCloseTo(1000e-6 + 1000e-6, 12);
    expect(res.cost.usd).toBeCloseTo(2000e-6 + 200e-6, 12);
  });

  it('refuses before any call when the worst case exceeds budget.maxUsd', async () => {
    const { router, a } = setup([{ text: 'never' }]);
    // output cap 4096 × $2/M ≈ $0.0082 alone
    const error = await router.complete({ ...ask, budget: { maxUsd: 0.001 } }).catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(a.calls).toHaveLength(0);
    expect(error.estimate.maxOutputTokens).toBe(4096);
    expect(error.estimate.inputTokens).toBeGreaterThan(0);
    expect(error.estimateUsd).toBeGreaterThan(0.008);
    expect(error.limitUsd).toBe(0.001);
  });

  it('counts what was spent when a retry would overshoot the budget', async () => {
    const usage = {
      inputTokens: 1000,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1000,
      reasoningTokens: 0,
    };
    const { router, a } = setup([{ status: 500, usage }, { text: 'never' }]);
    // worst case per attempt: ~10 input + 100 output tokens ≈ $0.00021; the failed attempt cost $0.003
    const error = await router.complete({ ...ask, maxOutputTokens: 100, budget: { maxUsd: 0.0031 } }).catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(a.calls).toHaveLength(1);
    expect(error.spentUsd).toBeCloseTo(0.003, 9);
    expect(error.attempts).toHaveLength(1);
  });

  it('refuses an input that cannot fit the context window, before sending', async () => {
    const { router, a } = setup([{ text: 'never' }]);
    const long = 'word '.repeat(20_000);
    const error = await router.complete({ ...ask, messages: [{ role: 'user', content: long }] }).catch((e) => e);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error.contextWindow).toBe(10_000);
    expect(error.estimatedInputTokens).toBeGreaterThan(10_000);
    expect(a.calls).toHaveLength(0);
  });

  it('streams deltas then a finish event with the priced result', async () => {
    const { router } = setup([{ status: 503 }, { text: 'one two three' }]);
    const stream = router.stream(ask);
    const deltas: string[] = [];
    let finish: unknown;
    for await (const event of stream) {
      if (event.type === 'text-delta') deltas.push(event.text);
      else finish = event.result;
    }
    expect(deltas).toEqual(['one', 'two', 'three']);
    const result = await stream.result;
    expect(finish).toBe(result);
    expect(result.cost.attempts.map((x) => x.status)).toEqual(['error', 'ok']);
  });

  it('does not retry or fall back once a stream has emitted text', async () => {
    const { router, a, b } = setup([{ status: 503, afterDeltas: ['partial'] }], [{ text: 'never' }]);
    const stream = router.stream(ask);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) if (event.type === 'text-delta') seen.push(event.text);
    })().catch((e) => e);
    expect(seen).toEqual(['partial']);
    expect(error).toBeInstanceOf(ProviderError);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
    await expect(stream.result).rejects.toBe(error);
  });
});

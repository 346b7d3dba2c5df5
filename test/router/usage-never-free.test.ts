import { createServer } from 'node:net';
import { delay, HttpResponse, http, passthrough } from 'msw';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError, createRouter, openai, RouteExhaustedError } from '../../src/index.js';
import chatCompletion from '../../src/providers/openai/__fixtures__/chat-completion.json' with { type: 'json' };
import { useMsw } from '../helpers/msw.js';

const URL = 'https://api.openai.com/v1/chat/completions';
const KEY = ['sk', 'test', 'usage', 'never', 'free', '000000'].join('-');
const M = 1_000_000;
// Round prices, so every expected cost can be written out: $1 in, $0.10 cached, $10 out per million tokens.
const prices = { 'openai:gpt-4o-mini': { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 10 } };
const CAP = 100;

const server = useMsw();

function router(options: { retries?: number; timeoutMs?: number; baseURL?: string } = {}) {
  return createRouter({
    providers: { openai: openai({ apiKey: KEY, ...(options.baseURL ? { baseURL: options.baseURL } : {}) }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
    prices,
    retry: { retries: options.retries ?? 0, baseDelayMs: 1, maxDelayMs: 2 },
    defaults: { maxOutputTokens: CAP, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
  });
}
const ask = { model: 'mini', messages: [{ role: 'user' as const, content: 'What does this cost?' }] };

/** A loopback port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Answers each request with the next scripted reply. */
function script(...replies: Array<() => Response | Promise<Response>>) {
  server.use(
    http.post(URL, () => {
      const next = replies.shift();
      if (!next) throw new Error('unexpected extra request');
      return next();
    }),
  );
}
const withUsage = (usage: unknown) => () => HttpResponse.json({ ...chatCompletion, usage });

describe('reported usage is kept where it can be used', () => {
  it('cached tokens above the prompt: the answer is kept, priced with the input raised to hold them, flagged', async () => {
    script(withUsage({ prompt_tokens: 100, completion_tokens: 20, prompt_tokens_details: { cached_tokens: 1024 } }));
    const res = await router().complete(ask);
    expect(res.text).toBe(chatCompletion.choices[0]!.message.content);
    expect(res.usage).toEqual({
      inputTokens: 1124,
      cachedInputTokens: 1024,
      cacheWriteTokens: 0,
      outputTokens: 20,
      reasoningTokens: 0,
    });
    expect(res.cost.usd).toBeCloseTo((100 * 1 + 1024 * 0.1 + 20 * 10) / M, 12);
    expect(res.cost.attempts[0]).toMatchObject({ status: 'ok', usageEstimated: true });
    expect(res.warnings.join('\n')).toMatch(/usage contradicted itself \(cached \(1024\).*exceeded the input \(100\)/);
  });

  it('reasoning tokens above the completion: the output is raised to hold them', async () => {
    script(
      withUsage({ prompt_tokens: 50, completion_tokens: 20, completion_tokens_details: { reasoning_tokens: 300 } }),
    );
    const res = await router().complete(ask);
    expect(res.usage).toMatchObject({ inputTokens: 50, outputTokens: 320, reasoningTokens: 300 });
    expect(res.cost.usd).toBeCloseTo((50 * 1 + 320 * 10) / M, 12);
    expect(res.cost.attempts[0]!.usageEstimated).toBe(true);
  });

  it('numeric strings are counts, exactly as reported (not missing, not estimated)', async () => {
    script(
      withUsage({ prompt_tokens: '100', completion_tokens: '20', prompt_tokens_details: { cached_tokens: '64' } }),
    );
    const res = await router().complete(ask);
    expect(res.usage).toEqual({
      inputTokens: 100,
      cachedInputTokens: 64,
      cacheWriteTokens: 0,
      outputTokens: 20,
      reasoningTokens: 0,
    });
    expect(res.cost.usd).toBeCloseTo((36 * 1 + 64 * 0.1 + 20 * 10) / M, 12);
    expect(res.cost.attempts[0]!.usageEstimated).toBeUndefined();
    expect(res.warnings).toEqual([]);
  });
});

describe('an attempt abandoned after the provider may have run it counts at its worst case', () => {
  const slowThenFast = () =>
    script(
      async () => {
        // The provider finishes (and bills) the first request after the client has given up on it.
        await delay(500);
        return HttpResponse.json(chatCompletion);
      },
      () => HttpResponse.json(chatCompletion),
    );

  it('a timeout: the abandoned attempt is charged its worst case, flagged, and adds to the request cost', async () => {
    slowThenFast();
    const res = await router({ retries: 1, timeoutMs: 150 }).complete(ask);
    const [abandoned, answered] = res.cost.attempts;
    expect(abandoned).toMatchObject({ status: 'error', usageEstimated: true });
    expect(abandoned!.error).toMatchObject({ kind: 'timeout' });
    const input = abandoned!.usage!.inputTokens;
    expect(input).toBeGreaterThan(0);
    expect(abandoned!.usage).toEqual({
      inputTokens: input,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: CAP,
      reasoningTokens: 0,
    });
    expect(abandoned!.costUsd).toBeCloseTo((input * 1 + CAP * 10) / M, 12);
    expect(res.cost.usd).toBeCloseTo(abandoned!.costUsd + answered!.costUsd, 12);
  });

  it('a timeout counts against budget.maxUsd: a retry that no longer fits is refused', async () => {
    slowThenFast();
    const worst = (await router({ retries: 1, timeoutMs: 150 }).complete(ask)).cost.attempts[0]!.costUsd;
    slowThenFast();
    const error = await router({ retries: 1, timeoutMs: 150 })
      .complete({ ...ask, budget: { maxUsd: worst * 1.5 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).spentUsd).toBeCloseTo(worst, 12);
    expect((error as BudgetExceededError).attempts).toHaveLength(1);
    expect((error as BudgetExceededError).attempts[0]).toMatchObject({ status: 'error', usageEstimated: true });
  });

  it('a connection reset is charged its worst case; a refused connection, which sent nothing, is free', async () => {
    script(() => HttpResponse.error());
    const reset = await router()
      .complete(ask)
      .catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(RouteExhaustedError);
    const resetAttempt = (reset as RouteExhaustedError).attempts[0]!;
    expect(resetAttempt).toMatchObject({ status: 'error', usageEstimated: true });
    expect(resetAttempt.error).toMatchObject({ kind: 'connection' });
    expect(resetAttempt.costUsd).toBeGreaterThan(0);
    expect((reset as RouteExhaustedError).costUsd).toBe(resetAttempt.costUsd);

    // A loopback port just released has no listener: the connect itself is refused.
    const port = await closedPort();
    server.use(http.post(`http://127.0.0.1:${port}/v1/chat/completions`, () => passthrough()));
    const refused = await router({ baseURL: `http://127.0.0.1:${port}/v1` })
      .complete(ask)
      .catch((e: unknown) => e);
    const refusedAttempt = (refused as RouteExhaustedError).attempts[0]!;
    expect(refusedAttempt.error).toMatchObject({ kind: 'connection' });
    expect(refusedAttempt).toMatchObject({ costUsd: 0 });
    expect(refusedAttempt.usageEstimated).toBeUndefined();
  });

  it('an HTTP error status bills nothing and stays at $0', async () => {
    script(() => HttpResponse.json({ error: { message: 'boom', type: 'server_error' } }, { status: 500 }));
    const error = await router()
      .complete(ask)
      .catch((e: unknown) => e);
    expect((error as RouteExhaustedError).attempts[0]).toMatchObject({ httpStatus: 500, costUsd: 0 });
  });
});

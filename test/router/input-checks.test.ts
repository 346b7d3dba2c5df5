import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { countO200kTokens } from '../../src/budgets/count-o200k-tokens.js';
import { estimateInputTokens } from '../../src/budgets/estimate-input-tokens.js';
import { BudgetExceededError, ContextWindowExceededError, createRouter, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

// The tokenizer, spied on: these tests are about when the router does NOT call it.
vi.mock('../../src/budgets/count-o200k-tokens.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/budgets/count-o200k-tokens.js')>();
  return { ...original, countO200kTokens: vi.fn((text: string) => original.countO200kTokens(text)) };
});
const tokenizer = vi.mocked(countO200kTokens);

/**
 * The context-window and budget checks decide from cheap bounds first (the UTF-8 size above, a one-pass scan below)
 * and tokenize only when the bounds leave the answer open. Through the real OpenAI SDK (msw): gpt-4o-mini, a
 * 128,000-token window, $0.15 / $0.60 per million input / output tokens.
 */
const server = useMsw();
const answer = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);

function serve() {
  const seen: number[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      seen.push((await request.text()).length);
      return HttpResponse.json(answer);
    }),
  );
  return seen;
}

function router() {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-input-checks-0000000000' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
  });
}

const prose = (words: number) =>
  Array.from({ length: words }, (_, i) => ['report', 'the', 'budget', 'Paris', 'review,', 'growth.'][i % 6]).join(' ');

beforeEach(() => {
  tokenizer.mockClear();
});

describe('input checks before a call', () => {
  it('refuses 10 MB of base64-like text by its size alone: no tokenizing, nothing sent', async () => {
    const seen = serve();
    const huge = randomBytes(7_500_000).toString('base64');
    const error = await router()
      .complete({ model: 'mini', messages: [{ role: 'user', content: huge }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error.atLeast).toBe(true);
    expect(error.estimatedInputTokens).toBeGreaterThan(128_000);
    expect(error.message).toMatch(/^Input of at least \d+ tokens does not fit gpt-4o-mini's context window/);
    expect(tokenizer.mock.calls.length).toBe(0);
    expect(seen).toHaveLength(0);
  });

  it('sends a long new prompt (~20k tokens) without tokenizing it, with or without a budget', async () => {
    const seen = serve();
    const long = prose(15_000);
    const res = await router().complete({ model: 'mini', messages: [{ role: 'user', content: long }] });
    expect(res.text.length).toBeGreaterThan(0);
    // ~20k tokens in ~100k bytes. $0.05 covers even the size bound's worst case (100k × $0.15/M + 4096 × $0.60/M).
    await router().complete({
      model: 'mini',
      messages: [{ role: 'user', content: `${long}!` }],
      budget: { maxUsd: 0.05 },
    });
    expect(tokenizer.mock.calls.length).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('counts exactly when the bounds leave it open, and lets through what fits', async () => {
    const seen = serve();
    // ~100k tokens in ~500k bytes: above the window by size, within it by count.
    const long = prose(75_000);
    const exact = estimateInputTokens({ messages: [{ role: 'user', content: long }], maxOutputTokens: 1 });
    expect(exact).toBeLessThan(128_000);
    tokenizer.mockClear();
    await router().complete({ model: 'mini', messages: [{ role: 'user', content: long }] });
    expect(tokenizer.mock.calls.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(1);
  });

  it('refuses by the exact count what the lower bound could not rule out', async () => {
    const seen = serve();
    // Runs of one letter: one piece each, so the scan's bound is far below the count, which is above the window.
    const runs = Array.from({ length: 4_000 }, () => 'q'.repeat(200)).join(' ');
    const error = await router()
      .complete({ model: 'mini', messages: [{ role: 'user', content: runs }] })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ContextWindowExceededError);
    expect(error.atLeast).toBe(false);
    expect(error.estimatedInputTokens).toBeGreaterThan(128_000);
    expect(tokenizer.mock.calls.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(0);
  });

  it('counts exactly when the size bound would break the budget, and refuses only on the exact worst case', async () => {
    const seen = serve();
    const long = prose(15_000);
    const request = { model: 'mini', messages: [{ role: 'user' as const, content: long }], maxOutputTokens: 100 };
    const exact = estimateInputTokens({ messages: request.messages, maxOutputTokens: 100 }, { providerName: 'openai' });
    const exactWorstUsd = (exact * 0.15 + 100 * 0.6) / 1e6;
    // Between the exact worst case and the size bound's: allowed, after counting.
    tokenizer.mockClear();
    await router().complete({ ...request, budget: { maxUsd: exactWorstUsd * 1.01 } });
    expect(tokenizer.mock.calls.length).toBeGreaterThan(0);
    expect(seen).toHaveLength(1);
    const error = await router()
      .complete({ ...request, budget: { maxUsd: exactWorstUsd * 0.99 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.estimate.inputTokens).toBe(exact);
    expect(seen).toHaveLength(1);
  });
});

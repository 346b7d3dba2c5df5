import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, BudgetExceededError, createRouter, estimateInputTokens, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Issue 7 item 7: a request that asks for prompt caching can have its whole input written to the cache, which
 * Anthropic bills above plain input (5m: 1.25×, 1h: 2×). The budget check must price that write, or a 1h write
 * charges up to ~2× the budget.
 */
const server = useMsw();
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

// biome-ignore lint/suspicious/noExplicitAny: captured wire bodies are free-form JSON
type Json = any;

/** Anthropic answering with every input token written to the cache at `ttl`, as a first cached call is. */
function anthropicWritingCache(writtenTokens: number, ttl: '5m' | '1h'): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post('https://api.anthropic.com/v1/messages', async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({
        id: 'msg_01CacheWrite',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [{ type: 'text', text: 'Clause 4 sets a 30-day notice period.', citations: null }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: {
          input_tokens: 0,
          cache_creation_input_tokens: writtenTokens,
          cache_read_input_tokens: 0,
          cache_creation: {
            ephemeral_5m_input_tokens: ttl === '5m' ? writtenTokens : 0,
            ephemeral_1h_input_tokens: ttl === '1h' ? writtenTokens : 0,
          },
          output_tokens: 40,
          service_tier: 'standard',
        },
      });
    }),
  );
  return bodies;
}

const contract = Array.from(
  { length: 400 },
  (_, i) => `Clause ${i + 1}: the supplier shall give notice of any change in writing.`,
).join('\n');
const ask = {
  model: 'sonnet',
  system: contract,
  messages: [{ role: 'user' as const, content: 'What notice period does the contract set?' }],
  maxOutputTokens: 40,
};
// What the router estimates this input at (o200k × the non-OpenAI safety factor), and what Anthropic then bills.
const estimated = estimateInputTokens({ ...ask }, { providerName: 'anthropic' });
const written = Math.floor(estimated * 0.95);

// claude-sonnet-4-6: input $3, 5m write $3.75, 1h write $6, output $15 per million.
const plainWorstCase = perM(estimated, 3) + perM(40, 15);

const router = () =>
  createRouter({
    providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-cache-budget' }) },
    models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
  });

describe('the budget check prices prompt-cache writes', () => {
  it('refuses a 1h-cached request whose write would exceed the budget, before sending it', async () => {
    const bodies = anthropicWritingCache(written, '1h');
    // A budget the uncached worst case fits, but a 1h write of the whole prompt does not.
    const maxUsd = plainWorstCase * 1.05;
    const outcome = await router()
      .complete({ ...ask, cache: { ttl: '1h' }, budget: { maxUsd } })
      .then(
        (res) => ({ charged: res.cost.usd }),
        (error: unknown) => ({ error }),
      );
    if ('charged' in outcome) expect(outcome.charged).toBeLessThanOrEqual(maxUsd);
    expect(outcome).toHaveProperty('error');
    const error = (outcome as { error: BudgetExceededError }).error;
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.estimateUsd).toBeCloseTo(perM(estimated, 6) + perM(40, 15), 12);
    expect(bodies).toHaveLength(0);
  });

  it('sends it when the budget covers the write, and the charge stays within it', async () => {
    const bodies = anthropicWritingCache(written, '1h');
    const maxUsd = perM(estimated, 6) + perM(40, 15);
    const res = await router().complete({ ...ask, cache: { ttl: '1h' }, budget: { maxUsd } });
    expect(bodies[0].cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(res.cost.usd).toBeCloseTo(perM(written, 6) + perM(40, 15), 12);
    expect(res.cost.usd).toBeLessThanOrEqual(maxUsd);
  });

  it('prices a default (5-minute) cache request at the 5m write rate', async () => {
    anthropicWritingCache(written, '5m');
    const fiveMinuteWorstCase = perM(estimated, 3.75) + perM(40, 15);
    const refused = await router()
      .complete({ ...ask, cache: {}, budget: { maxUsd: fiveMinuteWorstCase * 0.99 } })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect((refused as BudgetExceededError).estimateUsd).toBeCloseTo(fiveMinuteWorstCase, 12);
    const res = await router().complete({ ...ask, cache: {}, budget: { maxUsd: fiveMinuteWorstCase } });
    expect(res.cost.usd).toBeLessThanOrEqual(fiveMinuteWorstCase);
  });

  it('leaves requests without caching, and providers that bill no write surcharge, at the plain input rate', async () => {
    anthropicWritingCache(0, '5m');
    const refused = await router()
      .complete({ ...ask, budget: { maxUsd: plainWorstCase * 0.99 } })
      .catch((error: unknown) => error);
    expect((refused as BudgetExceededError).estimateUsd).toBeCloseTo(plainWorstCase, 12);

    // OpenAI caches automatically and bills no write: `cache` does not raise gpt-4.1-mini's worst case.
    const mini = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-cache-budget-000000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
    });
    const openaiInput = estimateInputTokens({ ...ask }, { providerName: 'openai' });
    const openaiWorstCase = perM(openaiInput, 0.4) + perM(40, 1.6);
    const error = await mini
      .complete({ ...ask, model: 'mini', cache: { key: 'contract' }, budget: { maxUsd: openaiWorstCase * 0.99 } })
      .catch((e: unknown) => e);
    expect((error as BudgetExceededError).estimateUsd).toBeCloseTo(openaiWorstCase, 12);
  });
});

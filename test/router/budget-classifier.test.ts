import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  cascade,
  createRouter,
  DEFAULT_DIFFICULTY_INSTRUCTION,
  estimateInputTokens,
  llmClassifier,
  openai,
  ProviderError,
} from '../../src/index.js';
import { difficultyMessages } from '../../src/llm-classifier/difficulty-prompt.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Issue 7 item 6: `llmClassifier`'s rating call is part of the routed request. It must fit the request's budget
 * (reserved from it, refused before sending when it does not fit) and stop when the request is aborted.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

const server = useMsw();
const apiKey = 'sk-test-classifier-budget-00000000';
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

function completion(model: string, text: string, promptTokens: number, completionTokens: number) {
  return {
    id: 'chatcmpl-classifier-budget',
    object: 'chat.completion',
    created: 1763884800,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

// A long question, rated by gpt-4.1 (a model that reasons before its rating, hence a roomy cap).
const question = `Review this contract and rate the risk of each clause.\n${'The supplier may change prices on notice. '.repeat(300)}`;
const RATER_CAP = 1024;
const raterInput = estimateInputTokens(
  { ...difficultyMessages({ prompt: question }, DEFAULT_DIFFICULTY_INSTRUCTION), maxOutputTokens: RATER_CAP },
  { providerName: 'openai' },
);
// gpt-4.1: $2 / $8 per million; gpt-4.1-nano $0.10 / $0.40.
const raterWorstUsd = perM(raterInput, 2) + perM(RATER_CAP, 8);

/** The rater (gpt-4.1) bills its input and most of its cap; the answering models answer briefly. */
function serve(options: { raterStalls?: boolean } = {}) {
  const seen: Array<{ model: string; signal: AbortSignal }> = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      seen.push({ model: body.model, signal: request.signal });
      if (body.model === 'gpt-4.1') {
        // A stalled rater: only the abort can settle the request (else the test times out).
        if (options.raterStalls) await delay('infinite');
        return HttpResponse.json(completion('gpt-4.1-2025-04-14', 'Rating: 3', raterInput, 1000));
      }
      return HttpResponse.json(completion(`${body.model}-2025-04-14`, 'Low risk overall.', 900, 20));
    }),
  );
  return seen;
}

function router() {
  const rater = createRouter({
    providers: { openai: openai({ apiKey }) },
    models: { rater: { provider: 'openai', model: 'gpt-4.1' } },
  });
  return createRouter({
    providers: { openai: openai({ apiKey }) },
    models: {
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
    },
    policy: cascade({
      classifier: llmClassifier({ model: 'rater', router: rater, maxOutputTokens: RATER_CAP }),
      tiers: { weak: [{ model: 'nano', maxOutputTokens: 100 }], strong: [{ model: 'mini', maxOutputTokens: 100 }] },
    }),
  });
}

const ask = { messages: [{ role: 'user' as const, content: question }] };

describe("llmClassifier's call is part of the request", () => {
  it('is refused before sending when its worst case does not fit the budget', async () => {
    const seen = serve();
    const maxUsd = 0.002;
    expect(raterWorstUsd).toBeGreaterThan(maxUsd);
    const outcome = await router()
      .complete({ ...ask, budget: { maxUsd } })
      .then(
        (res) => ({ charged: res.cost.usd }),
        (error: unknown) => ({ error }),
      );
    if ('charged' in outcome) expect(outcome.charged).toBeLessThanOrEqual(maxUsd);
    expect((outcome as { error?: unknown }).error).toBeInstanceOf(BudgetExceededError);
    // Whatever the request was charged before the refusal (its attempts) stays within the budget too.
    const charged = (outcome as { error: BudgetExceededError }).error.attempts.reduce((sum, a) => sum + a.costUsd, 0);
    expect(charged).toBeLessThanOrEqual(maxUsd);
    expect((outcome as { error: BudgetExceededError }).error.estimateUsd).toBeCloseTo(raterWorstUsd, 12);
    expect(seen).toHaveLength(0);
  });

  it('runs within a budget that covers it, and the whole request stays within the budget', async () => {
    const seen = serve();
    const nanoWorstUsd = perM(estimateInputTokens({ ...ask, maxOutputTokens: 100 }, { providerName: 'openai' }), 0.1);
    const maxUsd = raterWorstUsd + nanoWorstUsd + perM(100, 0.4);
    const res = await router().complete({ ...ask, budget: { maxUsd } });
    expect(seen.map((s) => s.model)).toEqual(['gpt-4.1', 'gpt-4.1-nano']);
    expect(res.cost.usd).toBeCloseTo(perM(raterInput, 2) + perM(1000, 8) + perM(900, 0.1) + perM(20, 0.4), 12);
    expect(res.cost.usd).toBeLessThanOrEqual(maxUsd);
    expect(res.cost.attempts.map((a) => a.purpose)).toEqual(['classifier', 'answer']);
  });

  it('is aborted with the request: settles at once and closes the rating call', async () => {
    const seen = serve({ raterStalls: true });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const error = await router()
      .complete({ ...ask, signal: controller.signal })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('aborted');
    expect(seen.map((s) => s.model)).toEqual(['gpt-4.1']);
    // The rating request itself was cancelled (its socket closed), not left to finish in the background.
    expect(seen[0]!.signal.aborted).toBe(true);
  });
});

import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { cascade, createRouter, judge, openai, ProviderError } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * A judge's call is part of the request (issue 7 item 6): aborting the request stops it, and the request rejects as
 * aborted, even though the judge turns a failed grader call into a rejection of the answer.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

const server = useMsw();

function serve() {
  const seen: Array<{ model: string; signal: AbortSignal }> = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      seen.push({ model: body.model, signal: request.signal });
      // The grader never answers: only the abort can settle the request (else the test times out).
      if (body.model === 'gpt-4.1-mini') await delay('infinite');
      return HttpResponse.json({
        id: 'chatcmpl-abort-check',
        object: 'chat.completion',
        created: 1763884800,
        model: `${body.model}-2025-04-14`,
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Score: 9', refusal: null }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 30, completion_tokens: 4, total_tokens: 34 },
      });
    }),
  );
  return seen;
}

const router = () =>
  createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-abort-check-000000000000' }) },
    models: {
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      grader: { provider: 'openai', model: 'gpt-4.1-mini' },
    },
    policy: cascade({ tiers: { only: [{ model: 'nano', accept: judge({ model: 'grader', min: 7 }) }] } }),
  });

describe('aborting a request while a check calls a model', () => {
  it('stops the grader call and rejects the request as aborted, with what it cost so far', async () => {
    const seen = serve();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await router()
      .complete({ messages: [{ role: 'user', content: 'Capital of France?' }], signal: controller.signal })
      .then(
        (res) => ({ res }),
        (error: unknown) => ({ error }),
      );
    expect(outcome).not.toHaveProperty('res');
    const error = (outcome as { error: ProviderError }).error;
    expect(error).toBeInstanceOf(ProviderError);
    expect(error.kind).toBe('aborted');
    // The step's answer was paid for; the grader's call was cut off.
    expect(error.attempts?.map((a) => [a.model, a.status, a.purpose])).toEqual([
      ['gpt-4.1-nano', 'ok', 'answer'],
      ['gpt-4.1-mini', 'error', 'check'],
    ]);
    expect(seen.map((s) => s.model)).toEqual(['gpt-4.1-nano', 'gpt-4.1-mini']);
    expect(seen[1]!.signal.aborted).toBe(true);
  });
});

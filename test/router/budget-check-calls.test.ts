import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { AcceptanceContext, RouterRequest } from '../../src/index.js';
import { BudgetExceededError, cascade, createRouter, custom, estimateInputTokens, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Issue 7 item 8: a custom acceptance check that calls `context.complete` several times. Each call must be checked
 * against the spend so far, the check's own earlier (and still running) calls included, or three grader calls charge
 * far more than the request's budget.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Json;
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

const server = useMsw();

const GRADER_CAP = 256;
const graderRequest: RouterRequest = {
  system: 'You grade answers. Reply with a grade from 1 to 10 and one sentence of reasons.',
  messages: [{ role: 'user', content: 'QUESTION: "What is the capital of France?"\nANSWER: "Paris."\nGrade it.' }],
  maxOutputTokens: GRADER_CAP,
};
// The grader's input as the router estimates it; the grader is billed that and nearly its whole cap.
const graderInput = estimateInputTokens({ ...graderRequest, maxOutputTokens: GRADER_CAP }, { providerName: 'openai' });
const GRADER_OUTPUT = 250;

/** gpt-4.1-nano answers the step (19 in, 8 out); gpt-4.1-mini grades (its estimated input, 250 out). */
function serve(): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      bodies.push(body);
      const reply = fixture('openai/__fixtures__/chat-completion.json');
      if (body.model === 'gpt-4.1-mini') {
        reply.choices[0].message.content = 'Grade: 8. Correct and complete.';
        reply.usage = {
          ...reply.usage,
          prompt_tokens: graderInput,
          completion_tokens: GRADER_OUTPUT,
          total_tokens: graderInput + GRADER_OUTPUT,
        };
      } else reply.model = 'gpt-4.1-nano-2025-04-14';
      return HttpResponse.json(reply);
    }),
  );
  return bodies;
}

// gpt-4.1-nano $0.10 / $0.40, gpt-4.1-mini $0.40 / $1.60 per million.
const stepUsd = perM(19, 0.1) + perM(8, 0.4);
const graderWorstUsd = perM(graderInput, 0.4) + perM(GRADER_CAP, 1.6);
const graderUsd = perM(graderInput, 0.4) + perM(GRADER_OUTPUT, 1.6);
// Room for the step and one grader call's worst case (and a little more), not for a second grader call.
const maxUsd = stepUsd + graderWorstUsd * 1.2;

/** A check grading the answer three times; `parallel` sends the three at once. Records what each call did. */
function threeGrades(parallel: boolean) {
  const outcomes: Array<'answered' | 'refused' | 'failed'> = [];
  const grade = (context: AcceptanceContext) =>
    context.complete('grader', graderRequest).then(
      () => outcomes.push('answered'),
      (error: unknown) => outcomes.push(error instanceof BudgetExceededError ? 'refused' : 'failed'),
    );
  const check = custom(async (_answer, context) => {
    if (parallel) await Promise.all([grade(context), grade(context), grade(context)]);
    else for (let i = 0; i < 3; i++) await grade(context);
    return { accept: true, reason: `graded ${outcomes.filter((o) => o === 'answered').length} times` };
  }, 'three-grades');
  return { check, outcomes };
}

function router(accept: ReturnType<typeof custom>) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-check-budget-0000000000' }) },
    models: {
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      grader: { provider: 'openai', model: 'gpt-4.1-mini' },
    },
    policy: cascade({ tiers: { only: [{ model: 'nano', maxOutputTokens: 50, accept }] } }),
  });
}

const ask = { messages: [{ role: 'user' as const, content: 'What is the capital of France?' }], budget: { maxUsd } };

describe("a check's calls see the spend so far", () => {
  it('refuses the grader calls that no longer fit after the earlier ones (sequential)', async () => {
    const bodies = serve();
    const { check, outcomes } = threeGrades(false);
    const res = await router(check).complete(ask);

    expect(res.cost.usd).toBeLessThanOrEqual(maxUsd);
    expect(outcomes).toEqual(['answered', 'refused', 'refused']);
    expect(bodies.map((b) => b.model)).toEqual(['gpt-4.1-nano', 'gpt-4.1-mini']);
    expect(res.cost.usd).toBeCloseTo(stepUsd + graderUsd, 12);
    expect(res.cost.attempts.map((a) => a.purpose)).toEqual(['answer', 'check']);
  });

  it('reserves the worst case of calls still under way (parallel)', async () => {
    const bodies = serve();
    const { check, outcomes } = threeGrades(true);
    const res = await router(check).complete(ask);

    expect(res.cost.usd).toBeLessThanOrEqual(maxUsd);
    expect(outcomes.filter((o) => o === 'answered')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(2);
    expect(bodies).toHaveLength(2);
  });

  it('lets every call through when the budget covers them all', async () => {
    const bodies = serve();
    const { check, outcomes } = threeGrades(false);
    const roomy = stepUsd + 3 * graderWorstUsd;
    const res = await router(check).complete({ ...ask, budget: { maxUsd: roomy } });
    expect(outcomes).toEqual(['answered', 'answered', 'answered']);
    expect(bodies).toHaveLength(4);
    expect(res.cost.usd).toBeCloseTo(stepUsd + 3 * graderUsd, 12);
    expect(res.cost.usd).toBeLessThanOrEqual(roomy);
  });
});

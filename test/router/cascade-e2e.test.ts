import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { PolicyRouteInfo, RouteStep } from '../../src/index.js';
import { anthropic, cascade, createRouter, judge, logprobConfidence, nonEmpty, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Cascades end to end: recorded responses through the real OpenAI and Anthropic SDKs, the adapters and the router.
 * Costs are hand-computed from published prices: gpt-4.1-mini $0.40 / $1.60, gpt-4.1-nano $0.10 / $0.40,
 * claude-sonnet-4-6 $3 / $15 per million input / output tokens.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Json;
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

const server = useMsw();

/** OpenAI answers by model: gpt-4.1-mini with `mini`, gpt-4.1-nano (the judge) with `nano`; records each body. */
function serveOpenAI(mini: Record<string, unknown>, nano?: Record<string, unknown>) {
  const bodies: Array<Json> = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      bodies.push(body);
      return HttpResponse.json(body.model === 'gpt-4.1-nano' ? nano : mini, {
        headers: { 'x-request-id': `req_${bodies.length}` },
      });
    }),
  );
  return bodies;
}

function serveAnthropic() {
  const bodies: Array<Json> = [];
  server.use(
    http.post('https://api.anthropic.com/v1/messages', async ({ request }) => {
      bodies.push((await request.json()) as Json);
      return HttpResponse.json(fixture('anthropic/__fixtures__/message-text.json'));
    }),
  );
  return bodies;
}

function router(accept: RouteStep['accept']) {
  return createRouter({
    providers: {
      openai: openai({ apiKey: 'sk-test-cascade-e2e-000000000' }),
      anthropic: anthropic({ apiKey: 'test-key-anthropic-e2e' }),
    },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    },
    policy: cascade({
      tiers: {
        only: [
          { model: 'mini', maxOutputTokens: 400, accept },
          { model: 'sonnet', maxOutputTokens: 800 },
        ],
      },
    }),
  });
}

describe('cascade end to end through the real SDKs (msw)', () => {
  it("the judge rejects gpt-4.1-mini's answer → escalated to Claude Sonnet; the judge charged, every attempt recorded", async () => {
    const grade = fixture('openai/__fixtures__/chat-completion.json');
    grade.model = 'gpt-4.1-nano-2025-04-14';
    grade.choices[0].message.content = 'Score: 2';
    grade.usage = { ...grade.usage, prompt_tokens: 180, completion_tokens: 4, total_tokens: 184 };
    const openaiBodies = serveOpenAI(fixture('openai/__fixtures__/chat-completion.json'), grade);
    const anthropicBodies = serveAnthropic();

    const res = await router([nonEmpty(), judge({ model: 'nano', min: 7, maxOutputTokens: 20 })]).complete({
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });

    expect(res.text).toBe('Hello! How can I help you today?');
    expect(res.provider).toBe('anthropic');
    // The cheap call and the judge's call went to OpenAI, the escalation to Anthropic, each with its step's cap.
    expect(openaiBodies.map((b) => [b.model, b.max_completion_tokens])).toEqual([
      ['gpt-4.1-mini', 400],
      ['gpt-4.1-nano', 20],
    ]);
    expect(openaiBodies[1]!.messages[1].content).toBe(
      'QUESTION (JSON string):\n"What is the capital of France?"\n\nANSWER (JSON string):\n"The capital of France is Paris."\n\nGrade the ANSWER. Reply "Score: N".',
    );
    expect(anthropicBodies.map((b) => [b.model, b.max_tokens])).toEqual([['claude-sonnet-4-6', 800]]);

    const mini = perM(19, 0.4) + perM(8, 1.6);
    const nano = perM(180, 0.1) + perM(4, 0.4);
    const sonnet = perM(12, 3) + perM(10, 15);
    expect(res.cost.attempts.map((a) => [a.alias, a.purpose, a.step, a.status, a.requestId])).toEqual([
      ['mini', 'answer', 0, 'ok', 'req_1'],
      ['nano', 'check', 0, 'ok', 'req_2'],
      ['sonnet', 'answer', 1, 'ok', undefined],
    ]);
    expect(res.cost.attempts[0]!.costUsd).toBeCloseTo(mini, 12);
    expect(res.cost.attempts[1]!.costUsd).toBeCloseTo(nano, 12);
    expect(res.cost.attempts[2]!.costUsd).toBeCloseTo(sonnet, 12);
    expect(res.cost.usd).toBeCloseTo(mini + nano + sonnet, 12);
    // 20.4e-6 (mini) + 19.6e-6 (judge) + 186e-6 (sonnet)
    expect(res.cost.usd).toBeCloseTo(0.000226, 10);

    const route = res.route as PolicyRouteInfo;
    expect(route.attempts).toBe(res.cost.attempts);
    expect(route).toMatchObject({
      kind: 'policy',
      policy: 'cascade',
      tier: 'only',
      accepted: true,
      escalations: 1,
      answeredBy: 'sonnet',
    });
    expect(route.steps).toEqual([
      {
        index: 0,
        alias: 'mini',
        chain: ['mini'],
        answeredBy: 'mini',
        verdict: 'rejected',
        reason: 'judge(nano): judge nano graded 2/10 < 7',
        checks: [
          { name: 'nonEmpty', accept: true, reason: '31 characters of text', costUsd: 0 },
          {
            name: 'judge(nano)',
            accept: false,
            reason: 'judge nano graded 2/10 < 7',
            confidence: 0.2,
            costUsd: expect.closeTo(nano, 12),
          },
        ],
        costUsd: expect.closeTo(mini + nano, 12),
      },
      {
        index: 1,
        alias: 'sonnet',
        chain: ['sonnet'],
        answeredBy: 'sonnet',
        verdict: 'accepted',
        reason: 'no acceptance checks',
        checks: [],
        costUsd: expect.closeTo(sonnet, 12),
      },
    ]);
  });

  it('logprobConfidence: OpenAI is asked for logprobs and its confident answer is accepted', async () => {
    const bodies = serveOpenAI(fixture('openai/__fixtures__/chat-completion-logprobs.json'));
    const res = await router(logprobConfidence({ min: 0.9 })).complete({
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
    });
    expect(bodies[0]!.logprobs).toBe(true);
    const step = (res.route as PolicyRouteInfo).steps[0]!;
    expect(step.verdict).toBe('accepted');
    // exp of the fixture's seven log-probabilities, averaged.
    const logprobs = [-0.0000123, -0.0021, 0, -0.0000034, -0.00009, -0.0412, -0.0003];
    const mean = logprobs.reduce((s, l) => s + Math.exp(l), 0) / logprobs.length;
    expect(step.checks[0]!.confidence).toBeCloseTo(mean, 12);
    expect(res.alias).toBe('mini');
  });

  it('logprobConfidence on Anthropic: no logprobs from this provider → rejected by default', async () => {
    serveAnthropic();
    const r = createRouter({
      providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-e2e' }) },
      models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
      policy: cascade({ tiers: { only: [{ model: 'sonnet', accept: logprobConfidence({ min: 0.5 }) }] } }),
    });
    const res = await r.complete({ messages: [{ role: 'user', content: 'hi' }] });
    const route = res.route as PolicyRouteInfo;
    expect(route.accepted).toBe(false);
    expect(route.steps[0]!.reason).toBe(
      'logprobConfidence(0.5): no logprobs from this provider (anthropic); rejected as configured',
    );
  });
});

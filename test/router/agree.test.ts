import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  agree,
  anthropic,
  BudgetExceededError,
  ConfigError,
  cascade,
  createRouter,
  openai,
  type PolicyRouteInfo,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * agree() end to end: the step's answer (gpt-4.1-mini) is checked against gpt-4.1-nano (OpenAI) and Claude Haiku 4.5
 * (Anthropic), asked in parallel through the real SDKs; on disagreement the cascade escalates to Claude Sonnet 4.6.
 * Published prices per million input / output tokens: mini $0.40 / $1.60, nano $0.10 / $0.40, haiku $1 / $5,
 * sonnet $3 / $15.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Json;
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;

const server = useMsw();

const QUESTION = 'Which planet is largest? A) Mars B) Jupiter C) Venus D) Earth. Answer with the letter.';

/** Answers by model; OpenAI usage 40 in / 3 out, Anthropic 42 in / 4 out. Answers the agreement calls only once both
 * have arrived (a barrier), so the test fails if they are sent one after the other. */
function serve(answers: { mini: string; nano: string; haiku: string; sonnet?: string }) {
  const seen: string[] = [];
  let release!: () => void;
  const bothArrived = new Promise<void>((resolve) => {
    release = resolve;
  });
  let agreementCalls = 0;
  const arrived = () => {
    agreementCalls++;
    if (agreementCalls === 2) release();
    return Promise.race([bothArrived, new Promise((_, reject) => setTimeout(() => reject(new Error('serial')), 3000))]);
  };
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as Json;
      seen.push(body.model);
      const reply = fixture('openai/__fixtures__/chat-completion.json');
      const nano = body.model === 'gpt-4.1-nano';
      // Agreement calls carry agree()'s 20-token cap; a nano step does not.
      if ((body.max_completion_tokens ?? body.max_tokens) === 20) await arrived();
      reply.model = `${body.model}-2025-04-14`;
      reply.choices[0].message.content = nano ? answers.nano : answers.mini;
      reply.usage = { ...reply.usage, prompt_tokens: 40, completion_tokens: 3, total_tokens: 43 };
      return HttpResponse.json(reply);
    }),
    http.post('https://api.anthropic.com/v1/messages', async ({ request }) => {
      const body = (await request.json()) as Json;
      seen.push(body.model);
      const haiku = body.model === 'claude-haiku-4-5';
      if (haiku) await arrived();
      const reply = fixture('anthropic/__fixtures__/message-text.json');
      reply.model = body.model;
      reply.content[0].text = haiku ? answers.haiku : (answers.sonnet ?? 'B');
      reply.usage = { ...reply.usage, input_tokens: 42, output_tokens: 4 };
      return HttpResponse.json(reply);
    }),
  );
  return seen;
}

function router(options: { onBudget?: 'skip' | 'fail'; min?: number; last?: string } = {}) {
  return createRouter({
    providers: {
      openai: openai({ apiKey: 'sk-test-agree-0000000000000' }),
      anthropic: anthropic({ apiKey: 'test-key-anthropic-agree' }),
    },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    },
    policy: cascade({
      ...(options.onBudget ? { onBudget: options.onBudget } : {}),
      tiers: {
        only: [
          {
            model: 'mini',
            maxOutputTokens: 50,
            accept: [
              agree({
                models: ['nano', 'haiku'],
                extract: 'choice',
                maxOutputTokens: 20,
                ...(options.min ? { min: options.min } : {}),
              }),
            ],
          },
          { model: options.last ?? 'sonnet', maxOutputTokens: 50 },
        ],
      },
    }),
  });
}

const MINI = perM(40, 0.4) + perM(3, 1.6);
const NANO = perM(40, 0.1) + perM(3, 0.4);
const HAIKU = perM(42, 1) + perM(4, 5);
const SONNET = perM(42, 3) + perM(4, 15);

describe('agree() through the real SDKs (msw)', () => {
  it('accepts when both cheap models give the same letter; both calls charged, in parallel, and in res.route', async () => {
    const seen = serve({ mini: 'The answer is B.', nano: 'B', haiku: '(B) Jupiter' });
    const res = await router().complete({ messages: [{ role: 'user', content: QUESTION }] });
    expect(res.text).toBe('The answer is B.');
    expect(res.alias).toBe('mini');
    expect(seen.sort()).toEqual(['claude-haiku-4-5', 'gpt-4.1-mini', 'gpt-4.1-nano']);
    const route = res.route as PolicyRouteInfo;
    expect(route.accepted).toBe(true);
    expect(route.steps).toHaveLength(1);
    const check = route.steps[0]!.checks[0]!;
    expect(check.name).toBe('agree(nano,haiku)');
    expect(check.accept).toBe(true);
    expect(check.confidence).toBe(1);
    expect(check.reason).toBe('2/2 agree on choice "B" (nano: B, haiku: B)');
    expect(check.costUsd).toBeCloseTo(NANO + HAIKU, 12);
    expect(res.cost.usd).toBeCloseTo(MINI + NANO + HAIKU, 12);
    const checkAttempts = route.attempts.filter((a) => a.purpose === 'check');
    expect(checkAttempts.map((a) => a.alias).sort()).toEqual(['haiku', 'nano']);
    expect(checkAttempts.every((a) => a.step === 0)).toBe(true);
  });

  it('escalates on disagreement; every call is charged', async () => {
    const seen = serve({ mini: 'A', nano: 'B', haiku: 'B', sonnet: 'B' });
    const res = await router().complete({ messages: [{ role: 'user', content: QUESTION }] });
    expect(res.alias).toBe('sonnet');
    expect(res.text).toBe('B');
    expect(seen).toContain('claude-sonnet-4-6');
    const route = res.route as PolicyRouteInfo;
    expect(route.steps[0]!.verdict).toBe('rejected');
    expect(route.steps[0]!.reason).toBe('agree(nano,haiku): 0/2 agree on choice "A" (nano: B, haiku: B), fewer than 2');
    expect(route.escalations).toBe(1);
    expect(res.cost.usd).toBeCloseTo(MINI + NANO + HAIKU + SONNET, 12);
  });

  it('min: 1 accepts when one of the two agrees', async () => {
    serve({ mini: 'B', nano: 'B', haiku: 'C' });
    const res = await router({ min: 1 }).complete({ messages: [{ role: 'user', content: QUESTION }] });
    expect(res.alias).toBe('mini');
    expect((res.route as PolicyRouteInfo).steps[0]!.checks[0]!.confidence).toBe(0.5);
  });

  it('a step whose agreement calls do not fit the budget is skipped (no call made) or fails the request', async () => {
    const seen = serve({ mini: 'B', nano: 'B', haiku: 'B', sonnet: 'B' });
    // Worst cases (30 input tokens estimated, output at the caps): mini $0.000092 fits $0.00015 alone, not with
    // nano's ($0.000011) and haiku's (about $0.00013) agreement calls; the last step (nano, $0.000023) fits.
    const budget = { maxUsd: 0.00015 };
    const skipped = await router({ last: 'nano' }).complete({
      messages: [{ role: 'user', content: QUESTION }],
      budget,
    });
    const route = skipped.route as PolicyRouteInfo;
    expect(route.steps[0]!.verdict).toBe('skipped-budget');
    expect(route.steps[0]!.reason).toMatch(/^worst case \$0\.0002\d+ on gpt-4\.1-mini does not fit/);
    expect(seen).toEqual(['gpt-4.1-nano']);
    expect(skipped.alias).toBe('nano');
    await expect(
      router({ onBudget: 'fail', last: 'nano' }).complete({ messages: [{ role: 'user', content: QUESTION }], budget }),
    ).rejects.toThrow(BudgetExceededError);
    expect(seen).toEqual(['gpt-4.1-nano']);
    // Without the agreement calls' worst cases the step would fit: a budget above all three runs it.
    const ran = await router({ last: 'nano' }).complete({
      messages: [{ role: 'user', content: QUESTION }],
      budget: { maxUsd: 0.0003 },
    });
    expect(ran.alias).toBe('mini');
  });

  it('streams: the accepted answer arrives once the agreement has been checked', async () => {
    serve({ mini: 'B', nano: 'B', haiku: 'B' });
    const stream = router().stream({ messages: [{ role: 'user', content: QUESTION }] });
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    const res = await stream.result;
    expect(text).toBe('B');
    expect(res.cost.usd).toBeCloseTo(MINI + NANO + HAIKU, 12);
    expect((res.route as PolicyRouteInfo).steps[0]!.checks[0]!.accept).toBe(true);
  });

  it('refuses a bad config at construction, naming the field', () => {
    expect(() => agree({ models: [] })).toThrow(ConfigError);
    expect(() => agree({ models: ['nano'], min: 2 })).toThrow(/agree\.min/);
    expect(() =>
      createRouter({
        providers: { openai: openai({ apiKey: 'sk-test-agree-0000000000000' }) },
        models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
        policy: cascade({ tiers: { only: [{ model: 'mini', accept: [agree({ models: ['ghost'] })] }] } }),
      }),
    ).toThrow(/ghost/);
  });
});

// What router.openai adds and refuses: 'auto' and fallbacks across providers (still OpenAI-shaped), routewise
// options, request options, and the parameters it will not drop silently.
import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  UnsupportedParameterError,
  anthropic,
  createRouter,
  fixed,
  memoryLedger,
  openai,
} from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8'));

const server = useMsw();

function twoProviderRouter(ledger = memoryLedger()) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-openai' }), anthropic: anthropic({ apiKey: 'sk-ant-test' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini', fallbacks: ['sonnet'] },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    },
    policy: fixed('mini'),
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 2 },
    ledger,
  });
}

describe('router.openai routing', () => {
  it("lets the policy choose with model 'auto', and answers OpenAI-shaped from Anthropic after a fallback", async () => {
    let openaiCalls = 0;
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () => {
        openaiCalls += 1;
        return HttpResponse.json({ error: { message: 'overloaded', type: 'server_error' } }, { status: 503 });
      }),
      http.post('https://api.anthropic.com/v1/messages', () =>
        HttpResponse.json(fixture('anthropic/__fixtures__/message-text.json')),
      ),
    );
    const router = twoProviderRouter();
    const completion = await router.openai.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(openaiCalls).toBe(2);
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-rw-/);
    expect(completion.model).toBe('claude-sonnet-4-6');
    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: 'Hello! How can I help you today?',
      refusal: null,
      annotations: [],
    });
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 10, total_tokens: 22 });
    expect(completion.routewise.route).toMatchObject({ kind: 'policy', answeredBy: 'sonnet', fellBack: true });
    expect(completion.routewise.cost.attempts.map((a) => `${a.alias}:${a.status}`)).toEqual([
      'mini:error',
      'mini:error',
      'sonnet:ok',
    ]);
  });

  it('tags the ledger with the routewise options and the params’ user, and sends headers and the OpenAI-only fields', async () => {
    let seen: { headers?: Headers; body?: Record<string, unknown> } = {};
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
        seen = { headers: request.headers, body: (await request.json()) as Record<string, unknown> };
        return HttpResponse.json(fixture('openai/__fixtures__/chat-completion.json'));
      }),
    );
    const ledger = memoryLedger();
    const router = twoProviderRouter(ledger);
    const completion = await router.openai.chat.completions.create(
      {
        model: 'mini',
        messages: [{ role: 'user', content: 'Capital of France?' }],
        user: 'user-42',
        stop: 'END',
        seed: 7,
        top_p: 0.9,
        reasoning_effort: 'low',
        metadata: { ticket: 'T-1' },
        routewise: { tenant: 'acme', feature: 'faq', requestId: 'req-openai-1' },
      },
      { headers: { 'X-Trace-Id': 'trace-1' }, timeout: 30_000 },
    );
    expect(completion.routewise.requestId).toBe('req-openai-1');
    expect(seen.headers?.get('x-trace-id')).toBe('trace-1');
    expect(seen.body).toMatchObject({ stop: ['END'], seed: 7, top_p: 0.9, metadata: { ticket: 'T-1' } });
    await ledger.flush?.();
    const [row] = ledger.records();
    expect(row).toMatchObject({ requestId: 'req-openai-1', tenant: 'acme', user: 'user-42', feature: 'faq' });
  });

  it('refuses a call over its routewise budget before sending it', async () => {
    server.use(http.post('https://api.openai.com/v1/chat/completions', () => HttpResponse.error()));
    const router = twoProviderRouter();
    const error = await router.openai.chat.completions
      .create({
        model: 'mini',
        messages: [{ role: 'user', content: 'Write an essay' }],
        max_completion_tokens: 100_000,
        routewise: { budget: { maxUsd: 0.0001 } },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
  });

  it('ends the provider stream when the caller breaks out, and aborts with the signal', async () => {
    let cancelled = false;
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () => {
        const encoder = new TextEncoder();
        const chunk = (content: string) =>
          `data: ${JSON.stringify({ id: 'chatcmpl-x', object: 'chat.completion.chunk', created: 1, model: 'gpt-4.1-mini', choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] })}\n\n`;
        let n = 0;
        const body = new ReadableStream({
          async pull(controller) {
            n += 1;
            await new Promise((resolve) => setTimeout(resolve, 5));
            controller.enqueue(encoder.encode(chunk(`word${n} `)));
          },
          cancel() {
            cancelled = true;
          },
        });
        return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
      }),
    );
    const router = twoProviderRouter();
    const stream = await router.openai.chat.completions.create({
      model: 'mini',
      stream: true,
      messages: [{ role: 'user', content: 'Count forever' }],
    });
    let text = '';
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (text.includes('word3')) break;
    }
    expect(text).toBe('word1 word2 word3 ');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cancelled).toBe(true);

    const controller = new AbortController();
    const second = await router.openai.chat.completions.create(
      { model: 'mini', stream: true, messages: [{ role: 'user', content: 'Count forever' }] },
      { signal: controller.signal },
    );
    const read = (async () => {
      for await (const chunk of second) if (chunk.choices[0]?.delta.content === 'word2 ') controller.abort();
    })();
    await expect(read).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('router.openai refuses what it cannot honour, naming the parameter', () => {
  const router = createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-openai' }) },
    models: { mini: { provider: 'openai', model: 'gpt-4.1-mini' } },
  });
  const messages = [{ role: 'user' as const, content: 'Hi' }];
  const cases: [string, Record<string, unknown>, string][] = [
    ['n > 1', { n: 2 }, 'n'],
    ['logprobs', { logprobs: true }, 'logprobs'],
    ['top_logprobs', { top_logprobs: 3 }, 'top_logprobs'],
    ['audio', { audio: { voice: 'alloy', format: 'mp3' }, modalities: ['text', 'audio'] }, 'audio'],
    ['audio modalities', { modalities: ['text', 'audio'] }, 'modalities'],
    ['json_object', { response_format: { type: 'json_object' } }, 'response_format'],
    ['deprecated functions', { functions: [{ name: 'f', parameters: {} }] }, 'functions'],
    ['an unknown parameter', { frobnicate: true }, 'frobnicate'],
    ['reasoning_effort xhigh', { reasoning_effort: 'xhigh' }, 'reasoning_effort'],
    [
      'an audio part',
      { messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AA', format: 'wav' } }] }] },
      'messages[0].content[0].type',
    ],
    ['a participant name', { messages: [{ role: 'user', content: 'Hi', name: 'ada' }] }, 'messages[0].name'],
    ['a custom tool', { tools: [{ type: 'custom', custom: { name: 'grammar' } }] }, 'tools[0].type'],
  ];
  for (const [label, extra, param] of cases) {
    it(`refuses ${label}`, async () => {
      const error = await router.openai.chat.completions
        .create({ model: 'mini', messages, ...extra } as never)
        .catch((e) => e);
      expect(error).toBeInstanceOf(UnsupportedParameterError);
      expect(error).toMatchObject({ param, status: 400, code: 'unsupported_parameter' });
      expect(error.message).toContain(param);
    });
  }

  it("refuses the SDK's maxRetries option (routewise retries)", async () => {
    const error = await router.openai.chat.completions
      .create({ model: 'mini', messages }, { maxRetries: 3 } as never)
      .catch((e) => e);
    expect(error).toMatchObject({ param: 'options.maxRetries' });
  });
});

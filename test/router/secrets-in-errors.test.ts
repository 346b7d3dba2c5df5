import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, createRouter, google, openai, type ProviderAdapter } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

// Assembled here, so no key-like literal sits in the repo. The configured keys are NOT key-shaped (so only verbatim
// redaction can catch them); the foreign ones are (so only the key-shape patterns can).
const CONFIGURED = ['proxy', 'token', 'for', 'routewise', 'tests', '0a1b2c'].join('-');
const FOREIGN = {
  openai: ['sk', 'proj', 'Zq9xW8vU7tS6rQ5pO4nM3l'].join('-'),
  anthropic: ['sk', 'ant', 'api03', 'Zq9xW8vU7tS6rQ5pO4nM3l'].join('-'),
  google: ['AIza', 'SyZq9xW8vU7tS6rQ5pO4nM3lK2jI1h'].join(''),
  bearer: `Bearer ${['eyJhbGciOi', 'JIUzI1NiJ9', 'payload'].join('.')}`,
};
const SECRETS = [CONFIGURED, ...Object.values(FOREIGN)];

/** Headers a misconfigured proxy sends back: the key and an Authorization value echoed. */
const echoedHeaders = (): Record<string, string> => ({
  'x-request-id': 'req_echo',
  'x-echo-api-key': CONFIGURED,
  'x-echo-authorization': `Bearer ${CONFIGURED}`,
  'x-echo-upstream-key': `${FOREIGN.openai} ${FOREIGN.anthropic} ${FOREIGN.google}`,
  'www-authenticate': `${FOREIGN.bearer}`,
});

const echoedFields = () => ({
  authorization: `Bearer ${CONFIGURED}`,
  upstream: { keys: [FOREIGN.openai, FOREIGN.anthropic, FOREIGN.google], auth: FOREIGN.bearer },
});

function fixture(path: string) {
  return JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8'));
}

interface Case {
  name: 'openai' | 'anthropic' | 'google';
  model: string;
  url: string;
  adapter: () => ProviderAdapter;
  unauthorized: () => unknown;
  ok: () => Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    url: 'https://api.openai.com/v1/chat/completions',
    adapter: () => openai({ apiKey: CONFIGURED }),
    unauthorized: () => ({
      error: {
        message: `Incorrect API key provided: ${CONFIGURED}.`,
        type: 'invalid_request_error',
        param: `${CONFIGURED} ${FOREIGN.openai}`,
        code: 'invalid_api_key',
        echoed: echoedFields(),
      },
    }),
    ok: () => fixture('openai/__fixtures__/chat-completion.json'),
  },
  {
    name: 'anthropic',
    model: 'claude-sonnet-4-6',
    url: 'https://api.anthropic.com/v1/messages',
    adapter: () => anthropic({ apiKey: CONFIGURED }),
    unauthorized: () => ({
      type: 'error',
      error: { type: 'authentication_error', message: `invalid x-api-key: ${CONFIGURED}`, param: FOREIGN.anthropic },
      request: { headers: { 'x-api-key': CONFIGURED }, ...echoedFields() },
    }),
    ok: () => fixture('anthropic/__fixtures__/message-text.json'),
  },
  {
    name: 'google',
    model: 'gemini-2.5-flash',
    url: 'https://generativelanguage.googleapis.com/v1beta/models/*',
    adapter: () => google({ apiKey: CONFIGURED }),
    unauthorized: () => ({
      error: {
        code: 401,
        message: `API key not valid: ${CONFIGURED}`,
        status: 'UNAUTHENTICATED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            metadata: { key: CONFIGURED, ...echoedFields() },
          },
        ],
      },
    }),
    ok: () => fixture('google/__fixtures__/generate-content.json'),
  },
];

const server = useMsw();

/** Every secret this test planted that still shows in the deep inspection of `value`. */
function leaks(value: unknown): string[] {
  const printed = inspect(value, { depth: 12, showHidden: false });
  return SECRETS.filter((secret) => printed.includes(secret));
}

function routerFor(c: Case) {
  return createRouter({
    providers: { [c.name]: c.adapter() },
    models: { m: { provider: c.name, model: c.model } },
    retry: { retries: 0 },
  });
}
const ask = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 32 };

describe.each(cases)('$name: secrets echoed by a proxy never reach an inspected error or result', (c) => {
  it('a 401 echoing the key in its message, param, other body fields and headers', async () => {
    server.use(
      http.post(c.url, () => HttpResponse.json(c.unauthorized() as object, { status: 401, headers: echoedHeaders() })),
    );
    const error = await routerFor(c)
      .complete(ask)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const attemptError = (error as { attempts: Array<{ error: Error }> }).attempts[0]!.error;
    expect(attemptError).toMatchObject({ kind: 'http', status: 401 });
    // The SDK error is still there to debug with, only without the secrets.
    expect(attemptError.cause).toBeInstanceOf(Error);
    expect(leaks(error)).toEqual([]);
    expect(leaks(attemptError.cause)).toEqual([]);
    expect(leaks((attemptError.cause as Error).stack)).toEqual([]);
  });

  it('the same 401 through the adapter directly, complete and stream', async () => {
    server.use(
      http.post(c.url, () => HttpResponse.json(c.unauthorized() as object, { status: 401, headers: echoedHeaders() })),
    );
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 32 };
    const completeError = await c
      .adapter()
      .complete(c.model, request)
      .catch((e: unknown) => e);
    const streamError = await (async () => {
      for await (const _ of c.adapter().stream(c.model, request)) {
        // a 401 yields nothing
      }
    })().catch((e: unknown) => e);
    for (const error of [completeError, streamError]) {
      expect(error).toMatchObject({ kind: 'http', status: 401 });
      expect(leaks(error)).toEqual([]);
    }
  });

  it('a 200 whose headers and extra body fields echo the key: the result, raw included, shows none of it', async () => {
    server.use(
      http.post(c.url, () => HttpResponse.json({ ...c.ok(), echoed: echoedFields() }, { headers: echoedHeaders() })),
    );
    const res = await routerFor(c).complete(ask);
    expect(res.text.length).toBeGreaterThan(0);
    expect(inspect(res.raw, { depth: 12 })).not.toContain(CONFIGURED);
    expect(leaks(res.raw).filter((secret) => secret === CONFIGURED)).toEqual([]);
    expect(inspect(res, { depth: 12 })).not.toContain(CONFIGURED);
  });
});

describe('google: raw response headers', () => {
  it('lose the key and anything key-shaped; the answer text keeps key-shaped text the model wrote', async () => {
    const body = fixture('google/__fixtures__/generate-content.json');
    body.candidates[0].content.parts = [{ text: `Example key format: ${FOREIGN.openai}` }];
    server.use(http.post(cases[2]!.url, () => HttpResponse.json(body, { headers: echoedHeaders() })));
    const res = await routerFor(cases[2]!).complete(ask);
    const headers = (res.raw as { sdkHttpResponse: { headers: Record<string, string> } }).sdkHttpResponse.headers;
    expect(headers['x-echo-api-key']).toBe('[redacted]');
    expect(headers['x-echo-upstream-key']).toBe('[redacted] [redacted] [redacted]');
    expect(headers['www-authenticate']).toBe('[redacted]');
    expect(headers['x-request-id']).toBe('req_echo');
    expect(res.text).toContain(FOREIGN.openai);
  });
});

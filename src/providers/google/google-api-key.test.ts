import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useMsw } from '../../../test/helpers/msw.js';
import { ConfigError } from '../../errors.js';
import { createRouter } from '../../router/create-router.js';
import { google } from './google-provider.js';

const MODEL = 'gemini-2.5-flash';
const ask = { messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 16 };

// Unhandled requests fail the test: a missing key must fail before anything is sent.
const server = useMsw();

/** Everything the SDK (or google-auth-library) could print: console lines and process warnings. */
function captureOutput() {
  const printed: string[] = [];
  const record = (...args: unknown[]) => {
    printed.push(args.map(String).join(' '));
  };
  for (const method of ['warn', 'error', 'log', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation(record);
  }
  const onWarning = (warning: Error) => printed.push(`${warning.name}: ${warning.message}`);
  process.on('warning', onWarning);
  return {
    printed,
    // Process warnings are emitted on the next tick.
    done: () => new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => process.off('warning', onWarning)),
  };
}

describe('google() without an API key', () => {
  beforeEach(() => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_GENAI_USE_VERTEXAI', '');
    vi.stubEnv('GOOGLE_GENAI_USE_ENTERPRISE', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('fails the first call with a ConfigError naming both variables, and the SDK prints nothing', async () => {
    const output = captureOutput();
    const error = await google()
      .complete(MODEL, ask)
      .catch((e: unknown) => e);
    await output.done();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([{ path: 'google.apiKey', message: expect.any(String) }]);
    expect((error as Error).message).toContain('GEMINI_API_KEY');
    expect((error as Error).message).toContain('GOOGLE_API_KEY');
    expect(output.printed).toEqual([]);
  });

  it('fails a stream the same way', async () => {
    const output = captureOutput();
    const error = await (async () => {
      for await (const _ of google().stream(MODEL, ask)) {
        // nothing arrives
      }
    })().catch((e: unknown) => e);
    await output.done();
    expect(error).toBeInstanceOf(ConfigError);
    expect(output.printed).toEqual([]);
  });

  it('reaches the caller of router.complete as the ConfigError, not a ProviderError of kind unknown', async () => {
    const output = captureOutput();
    const router = createRouter({
      providers: { google: google() },
      models: { flash: { provider: 'google', model: MODEL } },
    });
    const error = await router.complete({ ...ask, model: 'flash' }).catch((e: unknown) => e);
    await output.done();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('GEMINI_API_KEY');
    expect(output.printed).toEqual([]);
  });

  it('takes a key set in the environment after google() was called', async () => {
    const body = JSON.parse(readFileSync(new URL('./__fixtures__/generate-content.json', import.meta.url), 'utf8'));
    const sentKeys: Array<string | null> = [];
    server.use(
      http.post('https://generativelanguage.googleapis.com/v1beta/models/*', ({ request }) => {
        sentKeys.push(request.headers.get('x-goog-api-key'));
        return HttpResponse.json(body);
      }),
    );
    const adapter = google();
    vi.stubEnv('GEMINI_API_KEY', 'gemini-env-key-set-late');
    const res = await adapter.complete(MODEL, ask);
    expect(res.text.length).toBeGreaterThan(0);
    expect(sentKeys).toEqual(['gemini-env-key-set-late']);
  });
});

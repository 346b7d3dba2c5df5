import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { anthropic, createRouter, google, InvalidRequestError } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/** Issue 7 item 11: a reasoning effort never leaves the visible answer below its floor (25% of the cap, ≥ 256). */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const server = useMsw();

function captureGemini() {
  const bodies: Record<string, unknown>[] = [];
  server.use(
    http.post('https://generativelanguage.googleapis.com/v1beta/models/*', async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(fixture('google/__fixtures__/generate-content.json'));
    }),
  );
  return bodies;
}

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('reasoning effort and the answer floor, through the router and the real SDKs', () => {
  it.each(['medium', 'high'] as const)(
    'Gemini effort %s with the default cap (4096) sends maxOutputTokens 1024, not 1',
    async (effort) => {
      const bodies = captureGemini();
      const router = createRouter({
        providers: { google: google({ apiKey: 'test-key-google-floor' }) },
        models: { flash: { provider: 'google', model: 'gemini-2.5-flash' } },
      });
      const res = await router.complete({ ...ask, model: 'flash', reasoning: { effort } });
      expect(bodies[0]?.generationConfig).toMatchObject({
        maxOutputTokens: 1024,
        thinkingConfig: { thinkingBudget: 3072 },
      });
      expect(res.warnings).toEqual([expect.stringMatching(/lowered to 3072 so the answer keeps at least 1024/)]);
    },
  );

  it('Gemini with a cap that leaves no room to think is refused before any call', async () => {
    const bodies = captureGemini();
    const router = createRouter({
      providers: { google: google({ apiKey: 'test-key-google-floor' }) },
      models: { flash: { provider: 'google', model: 'gemini-2.5-flash', reasoning: { effort: 'high' } } },
    });
    const error = await router.complete({ ...ask, model: 'flash', maxOutputTokens: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).issues).toEqual([
      { path: 'reasoning', message: expect.stringMatching(/raise maxOutputTokens to 257 or more/) },
    ]);
    expect(bodies).toHaveLength(0);
  });

  it('Anthropic budget_tokens leaves the answer its floor, and a cap too small for 1024 thinking tokens is refused', async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.post('https://api.anthropic.com/v1/messages', async ({ request }) => {
        bodies.push((await request.json()) as Record<string, unknown>);
        return HttpResponse.json(fixture('anthropic/__fixtures__/message-text.json'));
      }),
    );
    const router = createRouter({
      providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-floor' }) },
      models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
    });
    await router.complete({ ...ask, model: 'sonnet', reasoning: { effort: 'high' } });
    expect(bodies[0]).toMatchObject({ max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 3072 } });
    const refused = await router
      .complete({ ...ask, model: 'sonnet', maxOutputTokens: 1200, reasoning: { effort: 'low' } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(bodies).toHaveLength(1);
  });
});

import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { RouterRequest } from '../../src/index.js';
import {
  BudgetExceededError,
  ConfigError,
  createRouter,
  estimateInputTokens,
  google,
  openai,
} from '../../src/index.js';
import { openaiImageTokens } from '../../src/budgets/openai-image-tokens.js';
import { imageFile } from '../helpers/image-files.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Issue 7 item 9: images were estimated at a fixed 1,600 tokens, so an image that bills more (a 2048 × 2048 PNG on
 * gpt-4.1-nano: 1521 patches × 2.46 = 3,742 tokens; a 3000 × 2000 JPEG on Gemini 2.5: 12 tiles × 258 = 3,096) could
 * charge far beyond the budget. The estimate now reads an inline image's size and applies the provider's formula.
 */
// biome-ignore lint/suspicious/noExplicitAny: provider JSON bodies, read loosely on purpose
type Json = any;

const server = useMsw();
const perM = (tokens: number, usdPerMillion: number) => (tokens * usdPerMillion) / 1e6;
const CAP = 100;

function photoRequest(image: { data: string; mediaType: string } | { url: string }, model: string): RouterRequest {
  return {
    model,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture? One sentence.' },
          { type: 'image', ...image },
        ],
      },
    ],
    maxOutputTokens: CAP,
  };
}
const textOnly = (request: RouterRequest, providerName: string) =>
  estimateInputTokens(
    {
      messages: [{ role: 'user', content: 'What is in this picture? One sentence.' }],
      maxOutputTokens: CAP,
    },
    { providerName },
  ) +
  (request.messages.length - 1);

/** OpenAI bills the text and the image's tokens, and 60 output tokens. */
function serveOpenAI(promptTokens: number): Json[] {
  const bodies: Json[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({
        id: 'chatcmpl-image-budget',
        object: 'chat.completion',
        created: 1763884800,
        model: 'gpt-4.1-nano-2025-04-14',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'A lighthouse on a cliff at dusk.', refusal: null },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: promptTokens, completion_tokens: 60, total_tokens: promptTokens + 60 },
      });
    }),
  );
  return bodies;
}

const nanoRouter = (defaults?: { imageTokens: number }) =>
  createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-image-budget-00000000000' }) },
    models: { nano: { provider: 'openai', model: 'gpt-4.1-nano' } },
    ...(defaults ? { defaults } : {}),
  });

describe('image budgets', () => {
  const png = { data: imageFile.png(2048, 2048), mediaType: 'image/png' };
  const request = photoRequest(png, 'nano');
  const imageTokens = openaiImageTokens('gpt-4.1-nano', { width: 2048, height: 2048 }) as number;
  const text = textOnly(request, 'openai');
  // gpt-4.1-nano: $0.10 input, $0.40 output per million.
  const worstUsd = perM(text + imageTokens, 0.1) + perM(CAP, 0.4);

  it('refuses a gpt-4.1-nano call whose inline image bills more than the old fixed figure, before sending', async () => {
    expect(imageTokens).toBe(3742);
    const bodies = serveOpenAI(text + imageTokens);
    // Room for the text and 1,600 image tokens (the old estimate) with a margin, not for the image's 3,742.
    const maxUsd = (perM(text + 1600, 0.1) + perM(CAP, 0.4)) * 1.3;
    const outcome = await nanoRouter()
      .complete({ ...request, budget: { maxUsd } })
      .then(
        (res) => ({ charged: res.cost.usd }),
        (error: unknown) => ({ error }),
      );
    if ('charged' in outcome) expect(outcome.charged).toBeLessThanOrEqual(maxUsd);
    const error = (outcome as { error: BudgetExceededError }).error;
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error.estimate.inputTokens).toBe(text + imageTokens);
    expect(bodies).toHaveLength(0);
  });

  it('sends it within a budget covering the image, and the charge stays within it', async () => {
    serveOpenAI(text + imageTokens);
    const res = await nanoRouter().complete({ ...request, budget: { maxUsd: worstUsd } });
    expect(res.cost.usd).toBeCloseTo(perM(text + imageTokens, 0.1) + perM(60, 0.4), 12);
    expect(res.cost.usd).toBeLessThanOrEqual(worstUsd);
  });

  it("prices a URL image at the model's documented maximum, or at `defaults.imageTokens`", async () => {
    serveOpenAI(text + 500);
    const byUrl = photoRequest({ url: 'https://img.example.test/lighthouse.jpg' }, 'nano');
    const refusal = (router: ReturnType<typeof nanoRouter>) =>
      router.complete({ ...byUrl, budget: { maxUsd: 1e-6 } }).then(
        () => {
          throw new Error('expected a budget refusal');
        },
        (e: unknown) => e as BudgetExceededError,
      );
    expect((await refusal(nanoRouter())).estimate.inputTokens).toBe(text + Math.ceil(1536 * 2.46));
    expect((await refusal(nanoRouter({ imageTokens: 6_000 }))).estimate.inputTokens).toBe(text + 6_000);
    expect(() => nanoRouter({ imageTokens: 0 })).toThrow(ConfigError);
    expect(() => nanoRouter({ imageTokens: 0 })).toThrow(/defaults\.imageTokens/);
  });

  it('refuses a Gemini 2.5 call whose large JPEG bills 12 tiles, before sending', async () => {
    const calls: Json[] = [];
    server.use(
      http.post('https://generativelanguage.googleapis.com/*', async ({ request: sent }) => {
        calls.push(await sent.json());
        return HttpResponse.json({
          candidates: [
            { content: { parts: [{ text: 'A harbour at noon.' }], role: 'model' }, finishReason: 'STOP', index: 0 },
          ],
          usageMetadata: { promptTokenCount: 3_110, candidatesTokenCount: 60, totalTokenCount: 3_170 },
          modelVersion: 'gemini-2.5-flash',
          responseId: 'image-budget',
        });
      }),
    );
    const router = createRouter({
      providers: { google: google({ apiKey: 'test-key-google-image-budget' }) },
      models: { flash: { provider: 'google', model: 'gemini-2.5-flash', reasoning: { budgetTokens: 0 } } },
    });
    const jpeg = photoRequest(
      { data: imageFile.jpeg(3000, 2000, { exifBytes: 20_000 }), mediaType: 'image/jpeg' },
      'flash',
    );
    const geminiText = textOnly(jpeg, 'google');
    // gemini-2.5-flash: $0.30 input, $2.50 output per million. Room for 1,600 image tokens, not for 3,096.
    const maxUsd = (perM(geminiText + 1600, 0.3) + perM(CAP, 2.5)) * 1.2;
    const outcome = await router.complete({ ...jpeg, budget: { maxUsd } }).then(
      (res) => ({ charged: res.cost.usd }),
      (error: unknown) => ({ error }),
    );
    if ('charged' in outcome) expect(outcome.charged).toBeLessThanOrEqual(maxUsd);
    expect((outcome as { error: BudgetExceededError }).error).toBeInstanceOf(BudgetExceededError);
    expect((outcome as { error: BudgetExceededError }).error.estimate.inputTokens).toBe(geminiText + 12 * 258);
    expect(calls).toHaveLength(0);

    const res = await router.complete({ ...jpeg, budget: { maxUsd: perM(geminiText + 3096, 0.3) + perM(CAP, 2.5) } });
    expect(res.cost.usd).toBeLessThanOrEqual(perM(geminiText + 3096, 0.3) + perM(CAP, 2.5));
    expect(calls).toHaveLength(1);
  });
});

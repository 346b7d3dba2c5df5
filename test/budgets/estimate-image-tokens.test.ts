import { describe, expect, it } from 'vitest';
import { anthropicImageTokens } from '../../src/budgets/anthropic-image-tokens.js';
import { estimateImageTokens, IMAGE_TOKENS } from '../../src/budgets/estimate-image-tokens.js';
import { geminiImageTokens } from '../../src/budgets/gemini-image-tokens.js';
import { openaiImageTokens } from '../../src/budgets/openai-image-tokens.js';
import { imageFile } from '../helpers/image-files.js';

const size = (width: number, height: number) => ({ width, height });

describe('OpenAI image tokens (images-vision guide, "Calculating costs")', () => {
  it("patch models: the guide's examples times each model's multiplier", () => {
    // 1024 × 1024 is 1024 patches; 1800 × 2400 scales down to 33 × 44 = 1452 patches.
    expect(openaiImageTokens('gpt-4.1-mini', size(1024, 1024))).toBe(Math.ceil(1024 * 1.62));
    expect(openaiImageTokens('gpt-4.1-mini-2025-04-14', size(1800, 2400))).toBe(Math.ceil(1452 * 1.62));
    expect(openaiImageTokens('gpt-4.1-nano', size(1800, 2400))).toBe(Math.ceil(1452 * 2.46));
    expect(openaiImageTokens('o4-mini', size(1024, 1024))).toBe(Math.ceil(1024 * 1.72));
    expect(openaiImageTokens('gpt-5-nano', size(1024, 1024))).toBe(Math.ceil(1024 * 2.46));
    // Never above 1536 patches, whatever the size or shape.
    for (const [w, h] of [
      [8000, 8000],
      [8000, 33],
      [1568, 1569],
      [2048, 2048],
    ] as const) {
      expect(openaiImageTokens('gpt-4.1-nano', size(w, h))).toBeLessThanOrEqual(Math.ceil(1536 * 2.46));
    }
    expect(openaiImageTokens('gpt-4.1-nano', undefined)).toBe(Math.ceil(1536 * 2.46));
  });

  it("tile models at detail high: the guide's examples, per-model base and tile tokens", () => {
    expect(openaiImageTokens('gpt-4o', size(1024, 1024))).toBe(765);
    expect(openaiImageTokens('gpt-4o-2024-08-06', size(2048, 4096))).toBe(1105);
    expect(openaiImageTokens('gpt-4.1', size(2048, 4096))).toBe(1105);
    expect(openaiImageTokens('gpt-5', size(1024, 1024))).toBe(70 + 4 * 140);
    expect(openaiImageTokens('o3', size(512, 512))).toBe(75 + 150);
    expect(openaiImageTokens('gpt-4o-mini', size(1024, 1024))).toBe(2833 + 4 * 5667);
    expect(openaiImageTokens('ft:gpt-4o-mini-2024-07-18:acme::9xYz', size(1024, 1024))).toBe(2833 + 4 * 5667);
    // Unknown size: the largest scaled image, 768 × 2048, is 8 tiles.
    expect(openaiImageTokens('gpt-4o', undefined)).toBe(85 + 8 * 170);
  });

  it('a model the guide does not list gets the dearer family for a known size, nothing for an unknown one', () => {
    expect(openaiImageTokens('gpt-5.2', size(1024, 1024))).toBe(Math.max(765, Math.ceil(1024 * 2.46)));
    expect(openaiImageTokens('gpt-5.2', undefined)).toBeUndefined();
  });
});

describe('Claude image tokens (vision guide: w × h / 750 after resizing)', () => {
  it("matches the guide's table and caps at ~1,600 tokens", () => {
    expect(anthropicImageTokens(size(200, 200))).toBe(54);
    expect(anthropicImageTokens(size(1000, 1000))).toBe(1334);
    expect(anthropicImageTokens(size(1092, 1092))).toBe(1590);
    expect(anthropicImageTokens(size(4032, 3024))).toBe(1600);
    expect(anthropicImageTokens(size(3000, 200))).toBe(Math.ceil((1568 * ((200 * 1568) / 3000)) / 750));
    expect(anthropicImageTokens(undefined)).toBe(1600);
  });
});

describe('Gemini image tokens (token counting guide; media resolution for Gemini 3)', () => {
  it('258 up to 384 × 384, then 258 per 768 × 768 tile; Gemini 3 at most 1,120', () => {
    expect(geminiImageTokens('gemini-2.5-flash', size(384, 384))).toBe(258);
    expect(geminiImageTokens('gemini-2.5-flash', size(600, 400))).toBe(258);
    expect(geminiImageTokens('gemini-2.0-flash', size(1000, 1000))).toBe(4 * 258);
    expect(geminiImageTokens('models/gemini-2.5-pro', size(3000, 2000))).toBe(4 * 3 * 258);
    expect(geminiImageTokens('gemini-2.5-flash', undefined)).toBeUndefined();
    expect(geminiImageTokens('gemini-3-pro-preview', size(4000, 3000))).toBe(1120);
    expect(geminiImageTokens('gemini-3-flash-preview', undefined)).toBe(1120);
  });
});

describe('estimateImageTokens', () => {
  const png = { type: 'image' as const, data: imageFile.png(2048, 2048), mediaType: 'image/png' };
  const url = { type: 'image' as const, url: 'https://img.example.test/photo.jpg' };

  it('sizes an inline image and applies its provider and model formula', () => {
    expect(estimateImageTokens(png, { providerName: 'openai', model: 'gpt-4.1-nano' })).toBe(
      openaiImageTokens('gpt-4.1-nano', size(2048, 2048)),
    );
    expect(estimateImageTokens(png, { providerName: 'anthropic', model: 'claude-sonnet-4-6' })).toBe(1600);
    expect(estimateImageTokens(png, { providerName: 'google', model: 'gemini-2.5-flash' })).toBe(9 * 258);
  });

  it("takes a URL image at `unknownImageTokens`, else the model's documented maximum, else IMAGE_TOKENS", () => {
    expect(estimateImageTokens(url, { providerName: 'openai', model: 'gpt-4o', unknownImageTokens: 5_000 })).toBe(
      5_000,
    );
    expect(estimateImageTokens(url, { providerName: 'openai', model: 'gpt-4o' })).toBe(1445);
    expect(estimateImageTokens(url, { providerName: 'anthropic', model: 'claude-haiku-4-5' })).toBe(1600);
    expect(estimateImageTokens(url, { providerName: 'google', model: 'gemini-2.5-flash' })).toBe(IMAGE_TOKENS);
    expect(estimateImageTokens(url, {})).toBe(IMAGE_TOKENS);
  });

  it('gives a provider with no documented formula the worst case, sized or not', () => {
    expect(estimateImageTokens(png, { providerName: 'together', model: 'meta-llama/Llama-Vision' })).toBe(IMAGE_TOKENS);
    expect(estimateImageTokens(png, { providerName: 'together', unknownImageTokens: 6_404 })).toBe(6_404);
  });
});

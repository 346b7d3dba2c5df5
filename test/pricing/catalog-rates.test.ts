import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';

// The hand computations in price-catalog.test.ts use the providers' published rates written as literals. This test
// pins that the bundled catalog still holds those rates, so a catalog update that changes them fails here, loudly,
// rather than as a puzzling arithmetic mismatch elsewhere.
describe('bundled genai-prices rates the hand computations rely on', () => {
  const pricesOf = (providerId: string, model: string, at = new Date('2026-11-23T20:00:00Z')) =>
    calcPrice({}, model, { providerId, timestamp: at })?.model_price;

  it('openai gpt-5: input $1.25, cached $0.125, output $10 per M', () => {
    expect(pricesOf('openai', 'gpt-5')).toMatchObject({ input_mtok: 1.25, cache_read_mtok: 0.125, output_mtok: 10 });
    expect(pricesOf('openai', 'gpt-5')).not.toHaveProperty('cache_write_mtok');
  });

  it('anthropic claude-sonnet-4-5: $3 / $0.30 read / $3.75 5m write / $6 1h write / $15 out, doubled-ish above 200k', () => {
    expect(pricesOf('anthropic', 'claude-sonnet-4-5')).toMatchObject({
      input_mtok: { base: 3, tiers: [{ start: 200_000, price: 6 }] },
      cache_read_mtok: { base: 0.3, tiers: [{ start: 200_000, price: 0.6 }] },
      cache_write_mtok: { base: 3.75, tiers: [{ start: 200_000, price: 7.5 }] },
      cache_write_1h_mtok: { base: 6, tiers: [{ start: 200_000, price: 12 }] },
      output_mtok: { base: 15, tiers: [{ start: 200_000, price: 22.5 }] },
    });
  });

  it('google gemini-2.5-pro: $1.25 / $10 up to 200k prompt tokens, $2.50 / $15 above', () => {
    expect(pricesOf('google', 'gemini-2.5-pro')).toMatchObject({
      input_mtok: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
      output_mtok: { base: 10, tiers: [{ start: 200_000, price: 15 }] },
    });
  });

  it('deepseek deepseek-chat: off-peak $0.135 / $0.035 / $0.55, peak (00:30–16:30 UTC) $0.27 / $0.07 / $1.10', () => {
    expect(pricesOf('deepseek', 'deepseek-chat', new Date('2026-11-23T20:00:00Z'))).toEqual({
      input_mtok: 0.135,
      cache_read_mtok: 0.035,
      output_mtok: 0.55,
    });
    expect(pricesOf('deepseek', 'deepseek-chat', new Date('2026-11-23T08:00:00Z'))).toEqual({
      input_mtok: 0.27,
      cache_read_mtok: 0.07,
      output_mtok: 1.1,
    });
  });
});

import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { countO200kTokens } from '../../src/budgets/count-o200k-tokens.js';
import { estimateInputTokens } from '../../src/budgets/estimate-input-tokens.js';
import {
  inputTokensLowerBound,
  inputTokensUpperBound,
  LONGEST_O200K_TOKEN_BYTES,
  MOST_NON_ASCII_CHARS_PER_TOKEN,
  o200kLowerBound,
  o200kUpperBound,
} from '../../src/budgets/input-size-bound.js';
import type { ChatRequest } from '../../src/providers/spec/request.js';

// Characters around which the pre-tokenizer's cuts are subtle: contractions in any case, digits (ASCII and not),
// slashes and newlines after punctuation, blanks the regex counts as whitespace, astral and lone surrogates.
const tricky = [
  ...'aAzZlLrRvVeEsSdDmMtT',
  ...'0123456789',
  ...` '/\n\r\t\v\f.,;:!?-_"()[]{}<>#@+=*&%$^~|\\\``,
  '²',
  '٣',
  '①',
  'é',
  'ß',
  'Ж',
  '中',
  '。',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\u0301',
  '👍',
  '\ud800',
  '\udc00',
  '\u0000',
  '\u001f',
];
const trickyText = fc.array(fc.constantFrom(...tricky), { maxLength: 120 }).map((chars) => chars.join(''));
const anyText = fc.oneof(
  trickyText,
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.lorem({ maxCount: 40 }),
);

describe('o200k bounds', () => {
  it('bound the exact count from both sides, on any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const exact = countO200kTokens(text);
        expect(o200kLowerBound(text)).toBeLessThanOrEqual(exact);
        expect(o200kUpperBound(text)).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 3_000 },
    );
  });

  it('count a lone high surrogate as the replacement character it is sent as, not as an astral character', () => {
    // Found by the property above: two lone high surrogates are two U+FFFD, which o200k merges into one token.
    for (const text of ['\ud800\ud800', '\ud800\ud800\ud800\ud800', 'a\ud800\ud800b', '\ud83d\ude00\ud800']) {
      const exact = countO200kTokens(text);
      expect(o200kLowerBound(text)).toBeLessThanOrEqual(exact);
      expect(o200kUpperBound(text)).toBeGreaterThanOrEqual(exact);
    }
  });

  it('hold on long runs, which the counter merges in chunks', () => {
    for (const text of [
      ' '.repeat(5_000),
      'A'.repeat(3_000),
      'ab'.repeat(2_000),
      '='.repeat(4_000),
      '9'.repeat(1_000),
    ]) {
      const exact = countO200kTokens(text);
      expect(o200kLowerBound(text)).toBeLessThanOrEqual(exact);
      expect(o200kUpperBound(text)).toBeGreaterThanOrEqual(exact);
    }
  });

  it('stay within reach of the exact count on ordinary texts', () => {
    const prose = 'The board meets on Tuesday to review the quarterly figures and approve the budget. '.repeat(50);
    const base64 = randomBytes(20_000).toString('base64');
    const json = JSON.stringify(Array.from({ length: 200 }, (_, id) => ({ id, name: `item ${id}`, tags: ['a'] })));
    for (const text of [prose, base64, json]) {
      const exact = countO200kTokens(text);
      expect(o200kLowerBound(text)).toBeGreaterThan(0.5 * exact);
      expect(o200kUpperBound(text)).toBeLessThan(6 * exact);
    }
  });

  it('stop scanning once the lower bound is enough, returning at least that', () => {
    const text = randomBytes(300_000).toString('base64');
    const full = o200kLowerBound(text);
    const early = o200kLowerBound(text, 10_000);
    expect(early).toBeGreaterThanOrEqual(10_000);
    expect(early).toBeLessThan(full / 2);
  });

  it('use the rank file’s own extremes: the longest token and the most non-ASCII characters in one', () => {
    const ranks = createRequire(import.meta.url)('js-tiktoken/ranks/o200k_base') as { bpe_ranks: string };
    let longest = 0;
    let mostNonAscii = 0;
    for (const line of ranks.bpe_ranks.split('\n')) {
      for (const token of line.split(' ').slice(2)) {
        const bytes = Buffer.from(token, 'base64');
        longest = Math.max(longest, bytes.length);
        // A UTF-8 leading byte of a multi-byte character: 0b11xxxxxx.
        mostNonAscii = Math.max(mostNonAscii, bytes.filter((b) => b >= 0xc0).length);
      }
    }
    expect(LONGEST_O200K_TOKEN_BYTES).toBe(longest);
    expect(MOST_NON_ASCII_CHARS_PER_TOKEN).toBe(mostNonAscii);
  });
});

describe('request bounds', () => {
  const weather = z.object({ city: z.string(), days: z.number().int() });
  const requestArb = fc
    .record({
      system: fc.option(anyText, { nil: undefined }),
      texts: fc.array(anyText, { minLength: 1, maxLength: 4 }),
      tools: fc.boolean(),
      output: fc.boolean(),
      image: fc.boolean(),
    })
    .map(({ system, texts, tools, output, image }): ChatRequest => {
      const request: ChatRequest = {
        messages: texts.map((content, i) =>
          i === 0 && image
            ? {
                role: 'user',
                content: [
                  { type: 'text', text: content },
                  { type: 'image', url: 'https://example.com/a.png' },
                ],
              }
            : { role: i % 2 ? 'assistant' : 'user', content },
        ),
        maxOutputTokens: 100,
      };
      if (system) request.system = system;
      if (tools) request.tools = [{ name: 'get_weather', description: 'Forecast', parameters: weather }];
      if (output) request.output = { name: 'answer', schema: { type: 'object', properties: {} } };
      return request;
    });

  it('bound estimateInputTokens from both sides, for every provider', () => {
    fc.assert(
      fc.property(requestArb, fc.constantFrom('openai', 'anthropic', 'google'), (request, providerName) => {
        const exact = estimateInputTokens(request, { providerName });
        expect(inputTokensLowerBound(request, { providerName })).toBeLessThanOrEqual(exact);
        expect(inputTokensUpperBound(request, { providerName })).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 500 },
    );
  });
});

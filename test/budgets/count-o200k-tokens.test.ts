import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countO200kTokens, MAX_PIECE_BYTES } from '../../src/budgets/count-o200k-tokens.js';
import { referenceCount } from './reference-tokenizer.js';

const samples = [
  '',
  'Hello, world!',
  "I'm sure they'll say it's fine, WE'RE ready; you've SEEN it.",
  'function add(a: number, b: number): number {\n  return a + b;\n}\n',
  '{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer","minimum":1}}}',
  '1234567890 3.14159 1e-9 0xFF 2026-11-23T20:00:00Z',
  '   leading spaces, trailing spaces   \n\n\n\t\ttabs\r\nand CRLF\r\n',
  'Überprüfen Sie die Temperaturen für München, Zürich und Köln.',
  '東京の天気は晴れです。明日は雨が降るでしょう。',
  'مرحبا بالعالم، كيف حالك اليوم؟',
  'Emoji: 👍🏽 👨‍👩‍👧‍👦 🇫🇷 ❤️ and a lone surrogate \ud800 here and \udc00 there',
  'special-token text is plain text to the API: <|endoftext|> and <|endofprompt|>',
  'The quick brown fox jumps over the lazy dog. '.repeat(50),
];

describe('countO200kTokens', () => {
  it('agrees with js-tiktoken on English, code, JSON, numbers, whitespace, other scripts, emoji, surrogates', () => {
    for (const text of samples)
      expect(countO200kTokens(text), JSON.stringify(text.slice(0, 40))).toBe(referenceCount(text));
  });

  it('agrees with js-tiktoken on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 120 })), (text) => {
        expect(countO200kTokens(text)).toBe(referenceCount(text));
      }),
      { numRuns: 1_500 },
    );
  });

  it('gives the same answer from its cache for a long repeated text', () => {
    const text = 'A system prompt that every call repeats, long enough to be remembered. '.repeat(10);
    const first = countO200kTokens(text);
    expect(countO200kTokens(`${text}`)).toBe(first);
    expect(first).toBe(referenceCount(text));
  });

  it('never undercounts a piece too long to merge whole', () => {
    const runs = ['ACGT'.repeat(400), 'a'.repeat(2_000), 'xyzzyplughfoo'.repeat(120)];
    for (const run of runs) {
      expect(run.length).toBeGreaterThan(MAX_PIECE_BYTES);
      const exact = referenceCount(run);
      const counted = countO200kTokens(run);
      expect(counted).toBeGreaterThanOrEqual(exact);
      expect(counted).toBeLessThanOrEqual(exact + Math.ceil(run.length / MAX_PIECE_BYTES) * 4);
    }
    // How fast a megabyte of such a run counts is measured in bench/input-estimate.ts, not here.
  });

  it('never undercounts random long letter runs', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'n', 'o', 's', 't'),
          minLength: 600,
          maxLength: 1_200,
        }),
        (run) => {
          expect(countO200kTokens(run)).toBeGreaterThanOrEqual(referenceCount(run));
        },
      ),
      { numRuns: 30 },
    );
  });
});

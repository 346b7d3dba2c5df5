/**
 * Speed of `estimateInputTokens` (it runs before every budgeted call) against js-tiktoken's own encoder on the
 * same texts in the same run. Prints µs per call and the ratio. Target: a ~200-token prompt well under 100 µs.
 *
 * Run: npx tsx bench/input-estimate.ts
 */
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { countO200kTokens, warmUpTokenCounter } from '../src/budgets/count-o200k-tokens.js';
import { estimateInputTokens } from '../src/budgets/estimate-input-tokens.js';

function timeUs(runs: number, fn: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < runs; i++) fn(i);
  return ((performance.now() - started) * 1000) / runs;
}

let started = performance.now();
warmUpTokenCounter();
console.log(`first use (load + index the o200k ranks): ${(performance.now() - started).toFixed(0)} ms`);
started = performance.now();
const reference = new Tiktoken(o200k);
console.log(`js-tiktoken Tiktoken construction, for comparison: ${(performance.now() - started).toFixed(0)} ms`);

const prompt =
  'You are a support assistant for an online bookshop. A customer writes: my order 48213 arrived with a torn cover ' +
  'and the wrong edition of the novel I asked for. I would like a replacement of the hardback first edition, shipped ' +
  'to the same address, and a refund of the express shipping fee I paid because it arrived three days late. Please ' +
  'confirm what you can do, how long the replacement will take, and whether I need to send the damaged copy back to ' +
  'you first. I also noticed that the invoice lists a gift-wrapping charge although I never asked for gift wrapping, ' +
  'so please remove it. Finally, could you tell me whether the second volume of the series is available for pre-order ' +
  'yet, and if so, when it is expected to ship? Thank you for your help, and sorry for the long message.';
console.log(`prompt: ${prompt.length} chars, ${countO200kTokens(prompt)} o200k tokens`);

// Every call gets a new text (a unique prefix), so nothing is served from the text cache: the cost of a new prompt.
const fresh = (i: number) => `#${i} ${prompt}`;
for (let i = 0; i < 20_000; i++)
  estimateInputTokens({ messages: [{ role: 'user', content: fresh(i) }], maxOutputTokens: 400 });
const RUNS = 50_000;
const ours = timeUs(RUNS, (i) =>
  estimateInputTokens(
    { messages: [{ role: 'user', content: fresh(i + 1e6) }], maxOutputTokens: 400 },
    { providerName: 'openai' },
  ),
);
const theirs = timeUs(5_000, (i) => reference.encode(fresh(i + 2e6), [], []));
console.log(
  `new ~200-token prompt: estimateInputTokens ${ours.toFixed(1)} µs, js-tiktoken encode ${theirs.toFixed(1)} µs (×${(theirs / ours).toFixed(1)})`,
);

const repeated = { messages: [{ role: 'user' as const, content: prompt }], maxOutputTokens: 400 };
console.log(`same prompt again (text cache): ${timeUs(RUNS, () => estimateInputTokens(repeated)).toFixed(2)} µs`);

const long = 'The quick brown fox jumps over the lazy dog while the farmer counts his sheep. '.repeat(12_000);
started = performance.now();
const longTokens = countO200kTokens(long);
console.log(`long text: ${long.length} chars, ${longTokens} tokens in ${(performance.now() - started).toFixed(0)} ms`);

// A megabyte of one letter run: no pre-tokenizer cut, so the counter merges it in chunks of MAX_PIECE_BYTES; merged
// whole it would take quadratic time (js-tiktoken does: it is left out here, it takes minutes).
const run = 'ACGT'.repeat(250_000);
started = performance.now();
const runTokens = countO200kTokens(run);
console.log(`a megabyte letter run: ${runTokens} tokens in ${(performance.now() - started).toFixed(0)} ms`);

// A 200-turn conversation (the unit test's "long conversation"), estimated whole each call.
const turns = Array.from({ length: 200 }, (_, i) => ({
  role: (i % 2 ? 'assistant' : 'user') as 'assistant' | 'user',
  content: `Turn ${i}: ${'some earlier discussion about the deployment plan and its risks. '.repeat(8)}`,
}));
const conversation = { system: 'You are terse.', messages: turns, maxOutputTokens: 10 };
console.log(
  `a 200-turn conversation: ${(timeUs(100, () => estimateInputTokens(conversation)) / 1000).toFixed(2)} ms a call`,
);

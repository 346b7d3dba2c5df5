// Decision time of the in-process classifiers on real-length prompts (RouteLLM's GSM8K and MMLU questions from
// data/routellm/), p50 and p99 per call, each against baselines measured in the same run:
// JSON.stringify of the input and a bare whitespace tokenization of the prompt. Run: tsx bench/classifiers.ts
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadGsm8k, loadMmlu } from '../scripts/routellm-data.js';
import { heuristic } from '../src/classifiers/heuristic.js';
import { learned } from '../src/classifiers/learned.js';
import { withTaskPrior } from '../src/classifiers/task-prior.js';
import type { ClassifierInput } from '../src/classifiers/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../data/routellm');
const TARGET_P50_US = 50;
const ROUNDS = 5;

/** Every 7th MMLU question and every GSM8K question: about 3,300 prompts, 240–4,000+ characters. */
const inputs: ClassifierInput[] = [
  ...loadGsm8k(root).rows.map((row) => ({ prompt: row.prompt, task: row.task })),
  ...loadMmlu(root)
    .rows.filter((_, i) => i % 7 === 0)
    .map((row) => ({ prompt: row.prompt, task: row.task })),
];

let sink = 0;

/** Times `fn` once per input, ROUNDS times over all inputs after a warm-up pass; returns sorted µs. */
function measure(fn: (input: ClassifierInput) => number): number[] {
  for (const input of inputs) sink += fn(input);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const input of inputs) {
      const start = process.hrtime.bigint();
      sink += fn(input);
      times.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return times.sort((a, b) => a - b);
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const empty = measure(() => 0);
const json = measure((input) => JSON.stringify(input).length);
const tokenize = measure((input) => input.prompt.split(/\s+/).length);
const rule = heuristic();
const model = learned();
const heuristicTimes = measure((input) => rule.classify(input).score);
const learnedTimes = measure((input) => model.classify(input).score);
const withPrior = withTaskPrior(model);
const priorTimes = measure((input) => withPrior.classify(input).score);

const lengths = inputs.map((input) => input.prompt.length).sort((a, b) => a - b);
console.log(
  `${inputs.length} prompts (chars p50 ${quantile(lengths, 0.5)}, p99 ${quantile(lengths, 0.99)}), ` +
    `${ROUNDS} rounds; timer overhead p50 ${quantile(empty, 0.5).toFixed(2)} µs`,
);
const row = (name: string, times: number[]) => {
  const p50 = quantile(times, 0.5);
  const p99 = quantile(times, 0.99);
  const ratio = (base: number[]) => (p50 / quantile(base, 0.5)).toFixed(1);
  const verdict = ['heuristic', 'learned', 'learned+task-prior'].includes(name)
    ? p50 < TARGET_P50_US
      ? '  ok'
      : '  OVER TARGET'
    : '';
  console.log(
    `${name.padEnd(22)} p50 ${p50.toFixed(2).padStart(7)} µs  p99 ${p99.toFixed(2).padStart(7)} µs` +
      `  ×JSON.stringify ${ratio(json).padStart(5)}  ×tokenize ${ratio(tokenize).padStart(5)}${verdict}`,
  );
};
row('JSON.stringify(input)', json);
row('prompt.split(/\\s+/)', tokenize);
row('heuristic', heuristicTimes);
row('learned', learnedTimes);
row('learned+task-prior', priorTimes);
console.log(`target: p50 < ${TARGET_P50_US} µs per decision${sink === 0 ? '' : ''}`);

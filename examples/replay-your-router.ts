/**
 * Replay the router you deploy on recorded outcomes: the cascade below (Mixtral first, its answer checked by the GSM8K
 * rule, else GPT-4) is built by the same function that builds it for production, here given `recordedProvider`,
 * which answers every call with the recorded answer and cost of the model asked for (RouteLLM's GSM8K outcomes,
 * bundled in data/routellm). `replay` runs it over every row and measures it as `routewise eval` measures its own
 * policies: the figures equal the evaluator's cascade(gsm8k) on the same rows. A judge has no recorded answers, so a
 * router that uses one stops with UnrecordedCallError unless a live provider grades.
 *
 *   npx tsx examples/replay-your-router.ts          (offline: no keys, no network)
 *   routewise eval --data data/routellm/gsm8k --router ./router.mjs    (the same from the command line)
 */
import type { ProviderAdapter, RouterConfig } from '../src/index.js';
import {
  answerTextCheck,
  cascade,
  cascadePolicy,
  createRouter,
  gsm8kAnswerCheck,
  judge,
  loadDataset,
  replay,
  runEval,
  UnrecordedCallError,
} from '../src/index.js';
import { usd } from './support/format.js';

const MODELS = {
  mixtral: { provider: 'together', model: 'mistralai/Mixtral-8x7B-Instruct-v0.1' },
  gpt4: { provider: 'openai', model: 'gpt-4-1106-preview' },
} satisfies RouterConfig['models'];

/** The production router, with its providers passed in: `{ together: together(), openai: openai() }` live. */
function buildRouter(providers: Record<string, ProviderAdapter>) {
  return createRouter({
    providers,
    models: MODELS,
    policy: cascade({
      name: 'math-cascade',
      tiers: { default: [{ model: 'mixtral', accept: answerTextCheck(gsm8kAnswerCheck) }, { model: 'gpt4' }] },
    }),
  });
}

const data = loadDataset('data/routellm/gsm8k');
console.log(`data: ${data.rows.length} GSM8K questions, models ${data.models.join(', ')}`);

// 1. The deployed cascade, every provider answered from the record.
const report = await replay((recorded) => buildRouter({ together: recorded, openai: recorded }), data, {
  name: 'math-cascade',
});
const mine = report.policies[0]!;
const point = mine.curve[0]!;
console.log(
  `replayed math-cascade: quality ${(point.quality * 100).toFixed(1)}%, cost ${usd(point.costUsd)} ` +
    `(${(point.costShare * 100).toFixed(1)}% of always-GPT-4), escalated ${(point.strongShare * 100).toFixed(1)}%`,
);
console.log(
  `baselines: always-Mixtral ${(report.baselines.weak.quality * 100).toFixed(1)}%, ` +
    `always-GPT-4 ${(report.baselines.strong.quality * 100).toFixed(1)}%; CPT(50%) ${pct(mine.cpt50)}, AIQ ${mine.aiq?.toFixed(3)}`,
);

// 2. The evaluator's own cascade policy on the same rows: the same figures (it runs the live cascade too).
const evaluated = await runEval({ data, whole: true, policies: [cascadePolicy('cascade(gsm8k)', gsm8kAnswerCheck)] });
const theirs = evaluated.policies[0]!.curve[0]!;
const same = theirs.quality === point.quality && theirs.costUsd === point.costUsd;
console.log(`evaluator's cascade(gsm8k) on the same rows: ${same ? 'the same quality and cost' : 'DIFFERENT'}`);

// 3. A judge calls a model on a prompt the data never recorded: the replay says so instead of guessing.
const judged = (recorded: ProviderAdapter) =>
  createRouter({
    providers: { together: recorded, openai: recorded },
    models: { ...MODELS, grader: { provider: 'openai', model: 'gpt-4.1-nano' } },
    policy: cascade({
      tiers: { default: [{ model: 'mixtral', accept: judge({ model: 'grader', min: 7 }) }, { model: 'gpt4' }] },
    }),
  });
try {
  await replay(judged, { ...data, rows: data.rows.slice(0, 5) });
} catch (error) {
  if (!(error instanceof UnrecordedCallError)) throw error;
  console.log(`judge: ${error.name} (model ${error.model}, no recorded ${error.reason})`);
  console.log(`  ${error.message.slice(error.message.indexOf('A check'))}`);
}

function pct(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`;
}

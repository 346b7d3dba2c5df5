/**
 * From recorded outcomes to a live calibrated router: train a learned classifier on RouteLLM's MMLU outcomes
 * (Mixtral-8x7B weak, GPT-4 strong, bundled in data/routellm), calibrate its threshold on subjects it never saw,
 * then route live requests with a cascade that uses that threshold. `res.route` shows the tier and the score.
 *
 *   npx tsx examples/calibrated-cascade.ts     (real API when OPENAI_API_KEY is set, else a local server)
 */
import type { CalibrationExample, EvalRow, PolicyRouteInfo, TierExample } from '../src/index.js';
import {
  calibrate,
  cascade,
  createRouter,
  learned,
  loadDataset,
  openai,
  trainLearnedTiers,
  withTaskPrior,
} from '../src/index.js';
import { usd } from './support/format.js';
import { liveOrLocal } from './support/live-or-local.js';

const WEAK = 'mistralai/Mixtral-8x7B-Instruct-v0.1';
const STRONG = 'gpt-4-1106-preview';

const endpoint = await liveOrLocal('openai');

// 1. Recorded outcomes: one row per MMLU question, `task` = its subject file (57 subjects). Hold out 8 whole
//    subjects (every 7th) for calibration: the threshold must be calibrated on queries the classifier never trained
//    on. On its own training rows it ranks better than it will on new queries, so a threshold picked there sends too
//    few queries to the strong tier and live quality misses the target. Whole subjects, since live traffic brings
//    features (subjects) the classifier has never seen, and questions of one subject resemble each other.
const dataset = loadDataset('data/routellm/mmlu');
const subjects = [...new Set(dataset.rows.map((row) => row.task as string))].sort();
const heldOutSubjects = new Set(subjects.filter((_, i) => i % 7 === 3));
const heldOut = dataset.rows.filter((row) => heldOutSubjects.has(row.task as string));
const training = dataset.rows.filter((row) => !heldOutSubjects.has(row.task as string));
console.log(
  `data: ${dataset.rows.length} questions, ${subjects.length} subjects; training ${training.length} rows ` +
    `(${subjects.length - heldOutSubjects.size} subjects), held out ${heldOut.length} rows (${heldOutSubjects.size} subjects)`,
);

// 2. Train the shipped form (two heads, no task-label features) on every 4th training row (~3,000), to keep this
//    example to a few seconds: all ~12,000 take ~8 s here. docs/classifiers.md has held-out figures from all rows.
const quality = (row: EvalRow, model: string) => row.outcomes[model]?.quality ?? 0;
const sample = training.filter((_, i) => i % 4 === 0);
const started = performance.now();
const tierRows: TierExample[] = sample.map((row) => ({
  prompt: row.prompt,
  weak: quality(row, WEAK),
  strong: quality(row, STRONG),
}));
const model = trainLearnedTiers(tierRows, { features: { task: false } });
console.log(`trained on ${tierRows.length} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);

// 3. Calibrate on the held-out subjects. The task prior blends each score with its subject's running mean score
//    (metadata.feature at run time): one question is a noisy witness of how hard a subject is for the weak model.
const classifier = withTaskPrior(learned({ model }));
const examples: CalibrationExample[] = heldOut.map((row) => ({
  prompt: row.prompt,
  task: row.task as string,
  weak: quality(row, WEAK),
  strong: quality(row, STRONG),
  weakCostUsd: row.outcomes[WEAK]?.costUsd ?? 0,
  strongCostUsd: row.outcomes[STRONG]?.costUsd ?? 0,
}));
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const weakQuality = mean(examples.map((e) => e.weak as number));
const strongQuality = mean(examples.map((e) => e.strong as number));
// Recover half of what escalating everything would gain, with as few strong calls as possible (routing at random
// needs a 50% strong share for that; a useful classifier needs less).
const targetQuality = weakQuality + (strongQuality - weakQuality) / 2;
console.log(
  `held out: weak ${weakQuality.toFixed(3)}, strong ${strongQuality.toFixed(3)} → target ${targetQuality.toFixed(3)}`,
);

const calibration = await calibrate({ classifier, data: examples, targetQuality });
const pct = (share: number | undefined) => `${((share ?? 0) * 100).toFixed(1)}%`;
console.log(
  `targetQuality: threshold ${calibration.threshold.toFixed(3)}, strong share ${pct(calibration.strongShare)}, ` +
    `quality ${calibration.quality?.toFixed(3)}, cost share ${pct(calibration.costShare)}`,
);

// Another target on the same scores, with no re-scoring: the score form reads `calibration.scores` (data order).
const byShare = calibrate({ scores: calibration.scores, targetStrongShare: 0.3 });
const routed = examples.map((e, i) => ((calibration.scores[i] as number) >= byShare.threshold ? e.strong : e.weak));
console.log(
  `targetStrongShare 0.3: threshold ${byShare.threshold.toFixed(3)}, strong share ${pct(byShare.strongShare)}, ` +
    `quality ${mean(routed as number[]).toFixed(3)}`,
);

// The prior is stateful: scoring the calibration data taught it the 8 held-out subjects' means. Reset it so the
// live router starts as calibration did (each subject's mean built up from its first question), every feature's
// mean learned from live traffic alone. Keeping them is no leak (they come from scores, never outcomes): do that
// when the calibration queries are a sample of the live traffic, under the same feature names.
console.log(`task prior: ${classifier.taskPriors().size} subject means learned during calibration; reset`);
classifier.reset();

// 4. The live router: the threshold goes straight into the cascade.
const router = createRouter({
  providers: { openai: openai(endpoint.options) },
  models: {
    nano: { provider: 'openai', model: 'gpt-4.1-nano' },
    full: { provider: 'openai', model: 'gpt-4.1' },
  },
  policy: cascade({
    name: 'calibrated',
    classifier,
    tiers: { cheap: [{ model: 'nano', maxOutputTokens: 200 }], strong: [{ model: 'full', maxOutputTokens: 200 }] },
    thresholds: calibration.threshold,
  }),
});

try {
  // Three held-out questions: the lowest, the middle and the highest calibration score. Their live scores differ:
  // after the reset, the prior has seen nothing of their subjects, so each first score is the learned one alone.
  const order = calibration.scores.map((_, i) => i).sort((a, b) => calibration.scores[a]! - calibration.scores[b]!);
  for (const index of [order[0], order[order.length >> 1], order.at(-1)] as number[]) {
    const { prompt, task } = examples[index] as CalibrationExample;
    const res = await router.complete({
      messages: [{ role: 'user', content: prompt }],
      metadata: { feature: task as string },
    });
    const route = res.route as PolicyRouteInfo;
    console.log(`\n${task}: ${prompt.trim().split('\n')[0]?.slice(0, 80)}`);
    console.log(
      `  → tier ${route.tier} (${route.classifier?.name} score ${route.classifier?.score.toFixed(3)}), ` +
        `answered by ${route.answeredBy} (${res.model}), cost ${usd(res.cost.usd)}`,
    );
  }
} finally {
  await endpoint.close();
}

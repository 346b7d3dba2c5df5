/**
 * RouterBench's predictive router, live and fully offline (it never needs keys): a per-model quality predictor
 * (one learned head per candidate, trained here in-process on a few labelled questions) estimates each model's chance
 * of answering well, and `utility()` sends each request to the model maximizing predicted quality − λ × cost, where
 * cost is the candidate's worst case for this request over the dearest one's. Sweeping λ trades quality for cost; an
 * answer that fails its check escalates to the candidates predicted to do better. `res.route.utility` explains it all.
 *
 *   npx tsx examples/utility-router.ts
 */
import type { PolicyRouteInfo, RouterResult, UtilityInfo } from '../src/index.js';
import { createRouter, custom, learnedQuality, openai, trainLearnedHeads, utility } from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

const server = await startDemoServer();

// Labelled history: per question, how well each model answered (a judge's grade scaled to [0, 1]). In practice:
// thousands of rows (`routewise eval` data, or your own logs), trained once and saved with serializeLearnedModel.
const easy = ['How do I reset my password?', 'Where is my invoice?', 'How do I change my email address?'];
const medium = ['Can I get a refund on my annual plan after 45 days?', 'Explain the difference between our two plans.'];
const hard = [
  'Prove that there are infinitely many primes, then implement a sieve in Rust.',
  'Derive the closed form of the integral step by step and prove it converges.',
];
const rows = [
  ...easy.map((prompt) => ({ prompt, labels: { nano: 0.9, mini: 0.95, full: 0.97 } })),
  ...medium.map((prompt) => ({ prompt, labels: { nano: 0.3, mini: 0.85, full: 0.95 } })),
  ...hard.map((prompt) => ({ prompt, labels: { nano: 0.05, mini: 0.3, full: 0.9 } })),
];
const predictor = learnedQuality({ model: trainLearnedHeads(rows, { epochs: 30, features: { bits: 14 } }) });

function router(lambda: number) {
  return createRouter({
    providers: { openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }) },
    models: {
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      full: { provider: 'openai', model: 'gpt-4.1' },
    },
    policy: utility({
      predictor,
      candidates: {
        // A hedged answer ("Probably …") is not good enough: escalate to a candidate predicted to do better.
        nano: { model: 'nano', maxOutputTokens: 300, accept: custom((a) => !/^Probably/.test(a.text), 'noHedge') },
        mini: { model: 'mini', maxOutputTokens: 400 },
        full: { model: 'full', maxOutputTokens: 800 },
      },
      lambda,
    }),
  });
}

function show(res: RouterResult): void {
  const route = res.route as PolicyRouteInfo;
  const info = route.utility as UtilityInfo;
  const scores = info.candidates
    .map((c) => `${c.name} q=${c.predicted.toFixed(2)} c=${c.cost.toFixed(3)} u=${c.utility.toFixed(2)}`)
    .join(' | ');
  console.log(`  λ=${info.lambda}: ${scores}`);
  console.log(
    `    → chose ${info.chosen}, answered by ${route.answeredBy}, ${route.escalations} escalation(s), ` +
      `cost ${usd(res.cost.usd)}`,
  );
}

try {
  const questions = [
    'How do I reset my password?',
    'Can I get a refund on my annual plan after 45 days?',
    'Prove that the integral converges, then implement it in Rust step by step.',
  ];
  for (const question of questions) {
    console.log(`\n${question}`);
    for (const lambda of [0, 0.2, 2]) {
      show(await router(lambda).complete({ messages: [{ role: 'user', content: question }] }));
    }
  }

  // At λ = 10 nano wins even on the refund question; it hedges, its check rejects, and the request escalates to the
  // next-better candidate (mini), both calls charged.
  console.log('\nEscalation: the refund question at λ = 10');
  const res = await router(10).complete({ messages: [{ role: 'user', content: questions[1] as string }] });
  show(res);
  for (const step of (res.route as PolicyRouteInfo).steps) {
    console.log(`    step ${step.index} ${step.alias}: ${step.verdict} — ${step.reason} · ${usd(step.costUsd)}`);
  }
} finally {
  await server.close();
}

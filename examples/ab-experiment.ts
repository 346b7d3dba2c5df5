/**
 * An A/B experiment, fully offline: 40 users split over two arms (always Sonnet, or a heuristic cascade that tries
 * Haiku first), a shadow policy (the learned classifier with gpt-5-mini as its cheap tier) evaluated on a sample of
 * the same traffic without being called, simulated thumbs up / down posted as feedback, and the experiment's report
 * with 95% confidence intervals.
 *
 *   npx tsx examples/ab-experiment.ts
 */
import {
  anthropic,
  cascade,
  createRouter,
  custom,
  type Estimate,
  fixed,
  heuristic,
  learned,
  nonEmpty,
  notRefusal,
  openai,
} from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

const notCut = custom((answer) => answer.finishReason !== 'length', 'notCut');

const server = await startDemoServer();

const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
    anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
  },
  models: {
    mini: { provider: 'openai', model: 'gpt-5-mini', reasoning: { effort: 'low' } },
    haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
    sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
  experiments: [
    {
      name: 'cheap-first',
      arms: [
        // The first arm is the baseline every other arm is compared with.
        { name: 'control', weight: 1, policy: fixed('sonnet') },
        {
          name: 'cascade',
          weight: 1,
          policy: cascade({
            classifier: heuristic(),
            tiers: {
              // Haiku gets a short cap; an answer cut by it is not accepted and the cascade escalates to Sonnet.
              easy: [
                { model: 'haiku', maxOutputTokens: 48, accept: [nonEmpty(), notRefusal(), notCut] },
                { model: 'sonnet' },
              ],
              hard: [{ model: 'sonnet' }],
            },
          }),
        },
      ],
      // Evaluated on half the traffic: what it would have chosen, and the live answer priced at its model's rates.
      shadow: [
        {
          name: 'learned-mini',
          sample: 0.5,
          policy: cascade({
            name: 'learned-cascade',
            classifier: learned(),
            // Picked for this demo so both tiers appear on its five prompts; calibrate yours with calibrate().
            thresholds: 0.555,
            tiers: { easy: [{ model: 'mini' }], hard: [{ model: 'sonnet' }] },
          }),
        },
      ],
    },
  ],
});

const PROMPTS = [
  'Why is the sky blue?',
  'Translate "where is the train station?" into French, Spanish and German.',
  'What is an idempotency key, and when should a client send one?',
  'Write a haiku about an HTTP 503 and a fallback.',
  'A yearly subscription costs $150 and a monthly one $14. After how many months is the yearly plan cheaper?',
];

try {
  const arms: Record<string, number> = {};
  for (let i = 0; i < 40; i++) {
    const user = `user-${i + 1}`;
    const res = await router.complete({
      messages: [{ role: 'user', content: PROMPTS[i % PROMPTS.length] as string }],
      maxOutputTokens: 400,
      metadata: { user, feature: 'support-chat' },
    });
    const arm = res.experiment?.arm ?? 'none';
    arms[arm] = (arms[arm] ?? 0) + 1;
    // Simulated outcome feedback, the same rule for both arms (every fifth user gives a thumbs down), so any
    // difference between the arms is chance: its interval should include 0.
    await router.feedback(res.requestId, { score: (i + 1) % 5 === 0 ? 0 : 1 });
    if (i < 3) {
      const route = res.route.kind === 'policy' ? `tier ${res.route.tier}, answered by ${res.route.answeredBy}` : '';
      console.log(`${user} → arm ${arm} (${route}), ${usd(res.cost.usd)}`);
    }
  }
  console.log(
    `assigned: ${Object.entries(arms)
      .map(([arm, n]) => `${arm} ${n}`)
      .join(', ')}`,
  );

  const report = await router.experimentReport('cheap-first');
  const total = report.arms.reduce((sum, arm) => sum + arm.requests, 0);
  console.log(`\nexperiment ${report.experiment}: ${total} requests, ${report.confidence * 100}% intervals`);
  for (const arm of report.arms) {
    console.log(`arm ${arm.arm} (${arm.policy}): ${arm.requests} requests, ${arm.errors} errors`);
    console.log(`  mean cost: ${interval(arm.cost.meanUsd, usd)}, total ${usd(arm.cost.totalUsd)}`);
    console.log(
      `  latency: p50 ${ms(arm.latencyMs.p50)}, p95 ${ms(arm.latencyMs.p95)}, mean ${interval(arm.latencyMs.mean, ms)}`,
    );
    console.log(`  escalation rate: ${interval(arm.escalationRate, pct)}`);
    console.log(`  acceptance rate: ${interval(arm.acceptanceRate, pct)}`);
    console.log(`  feedback (${arm.feedback.kind}, ${arm.feedback.count} scores): ${interval(arm.feedback.mean, pct)}`);
  }
  for (const c of report.comparisons) {
    console.log(`\n${c.arm} vs ${c.baseline}:`);
    console.log(`  mean cost: ${interval(c.meanCostUsd, signedUsd)}${verdict(c.meanCostUsd)}`);
    console.log(`  escalation rate: ${interval(c.escalationRate, signedPct)}${verdict(c.escalationRate)}`);
    console.log(`  feedback: ${interval(c.feedbackScore, signedPct)}${verdict(c.feedbackScore)}`);
  }
  for (const s of report.shadow) {
    console.log(`\nshadow ${s.name} (${s.policy}, sample ${s.sample}): evaluated ${s.evaluated}, errors ${s.errors}`);
    console.log(`  would have chosen another model: ${interval(s.differentModelRate, pct)}`);
    console.log(
      `  first choices: ${Object.entries(s.chosen)
        .map(([alias, n]) => `${alias} ${n}`)
        .join(', ')}`,
    );
    console.log(`  estimated cost: ${interval(s.shadowCostUsd, usd)} vs live ${interval(s.liveCostUsd, usd)}`);
    console.log(`  difference per request: ${interval(s.costDeltaUsd, signedUsd)}`);
  }
} finally {
  await server.close();
}

function interval(estimate: Estimate | null, format: (value: number) => string): string {
  if (!estimate) return 'no data';
  if (estimate.low === null || estimate.high === null) return `${format(estimate.value)} (n = ${estimate.n})`;
  return `${format(estimate.value)} [${format(estimate.low)}, ${format(estimate.high)}]`;
}

function verdict(estimate: Estimate | null): string {
  if (!estimate || estimate.low === null || estimate.high === null) return '';
  return estimate.low > 0 || estimate.high < 0 ? ' (differs at 95%)' : ' (no difference shown at 95%)';
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function signedPct(value: number): string {
  return `${value >= 0 ? '+' : ''}${pct(value)}`;
}

function signedUsd(value: number): string {
  return value < 0 ? `-${usd(-value)}` : `+${usd(value)}`;
}

function ms(value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(1)} ms`;
}

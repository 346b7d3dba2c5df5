/**
 * A cost-aware cascade with a judge, fully offline (it never needs keys): a classifier picks the tier; in the simple
 * tier gpt-4.1-nano answers first and a cheap judge (gpt-4.1-mini) grades the answer; a low grade escalates to Claude
 * Sonnet. Every call — the judge's included — is charged, and `res.route` explains each step.
 *
 *   npx tsx examples/cascade-with-judge.ts
 */
import type { PolicyRouteInfo, RouterResult } from '../src/index.js';
import { anthropic, cascade, createRouter, heuristic, judge, nonEmpty, openai } from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

// Always local: the demo server's gpt-4.1-nano hedges on refund questions, and its grader scores hedges 3/10.
const server = await startDemoServer();

const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
    anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
  },
  models: {
    nano: { provider: 'openai', model: 'gpt-4.1-nano' },
    grader: { provider: 'openai', model: 'gpt-4.1-mini' },
    sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
  policy: cascade({
    name: 'support-cascade',
    classifier: heuristic(),
    // Weakest tier first; a score ≥ 0.3 goes straight to the strong tier.
    tiers: {
      simple: [
        { model: 'nano', maxOutputTokens: 300, accept: [nonEmpty(), judge({ model: 'grader', min: 7 })] },
        { model: 'sonnet' },
      ],
      hard: [{ model: 'sonnet' }],
    },
    thresholds: 0.3,
  }),
});

function show(label: string, res: RouterResult): void {
  const route = res.route as PolicyRouteInfo;
  console.log(`\n${label}`);
  console.log(`text: ${res.text}`);
  console.log(
    `route: ${route.policy}, tier ${route.tier} (${route.classifier?.name} score ${route.classifier?.score.toFixed(3)}), ` +
      `answered by ${route.answeredBy}, ${route.accepted ? 'accepted' : 'NOT accepted'}, ${route.escalations} escalation(s)`,
  );
  for (const step of route.steps) console.log(`  step ${step.index} ${step.alias}: ${step.verdict} — ${step.reason}`);
  for (const attempt of res.cost.attempts) {
    console.log(`  ${attempt.purpose} ${attempt.alias} (${attempt.model}) ${attempt.status} · ${usd(attempt.costUsd)}`);
  }
  console.log(`cost.usd: ${usd(res.cost.usd)} over ${res.cost.attempts.length} attempts`);
}

try {
  // 1. An easy question: nano answers, the judge grades it 9/10, done.
  show('1. easy', await router.complete({ messages: [{ role: 'user', content: 'How do I reset my password?' }] }));

  // 2. nano hedges; the judge grades 3/10; the cascade escalates to Sonnet (nano + judge + Sonnet all charged).
  const refund = 'Can I get a refund on my annual plan after 45 days?';
  show('2. escalated', await router.complete({ messages: [{ role: 'user', content: refund }] }));

  // 3. A hard question: the classifier sends it straight to the strong tier.
  const proof =
    'Prove that there are infinitely many primes, then implement a sieve in Rust and analyse its complexity step by step.';
  show('3. hard', await router.complete({ messages: [{ role: 'user', content: proof }], maxOutputTokens: 600 }));

  // 4. The same refund question under a $0.002 budget: Sonnet's worst case no longer fits after nano and the judge,
  //    so its step is skipped and the last answer comes back marked not accepted.
  show(
    '4. budget',
    await router.complete({
      messages: [{ role: 'user', content: refund }],
      maxOutputTokens: 400,
      budget: { maxUsd: 0.002 },
    }),
  );
} finally {
  await server.close();
}

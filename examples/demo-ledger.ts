/**
 * A demo spend ledger, with no API keys: replays the bundled RouteLLM evaluator data (40 GSM8K maths and 16 MMLU
 * astronomy questions, with the recorded correctness of a weak and a strong model) through a live router against the
 * local stand-in server, and writes every attempt to a JSONL ledger. Then runs `routewise report` on it.
 *
 * - three tenants, three features: `math-tutor` (GSM8K), `quiz` (MMLU), `support` (pinned, with a fallback);
 * - an experiment on `math-tutor`: always Sonnet against a cascade that tries gpt-5-mini first and escalates to Sonnet
 *   when the recorded weak model got the question wrong (the replayed outcome stands in for a real check);
 * - feedback: the recorded outcome of the model that answered (weak's for mini, strong's for Sonnet);
 * - the first OpenAI requests fail with 503, so `support` shows retries and fallbacks to Haiku;
 * - a daily cap on tenant initech alerting at 10% and 25%, so two budget alerts fire (and is recorded in the ledger).
 *
 *   npx tsx examples/demo-ledger.ts [reports/demo-ledger.jsonl]
 *   npx tsx src/cli/main.ts report reports/demo-ledger.jsonl --html reports/demo-spend-report.html
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { loadDataset } from '../src/eval/loaders/load-dataset.js';
import { anthropic, cascade, createRouter, custom, fixed, jsonlLedger, openai } from '../src/index.js';
import { startDemoServer } from './support/demo-server.js';

const root = join(import.meta.dirname, '..');
const ledgerPath = process.argv[2] ?? join(root, 'reports/demo-ledger.jsonl');
const htmlPath = ledgerPath.replace(/\.jsonl$/, '') + '-report.html';

/** Recorded questions with whether the weak and the strong model answered them correctly. */
function replayed(file: string, count: number): Array<{ prompt: string; weakRight: boolean; strongRight: boolean }> {
  const data = loadDataset(join(root, file));
  // The weak model is the cheaper one over the data (Mixtral 8x7B against GPT-4 in RouteLLM's files).
  const [weak, strong] = [...data.models].sort((a, b) => sumCost(data.rows, a) - sumCost(data.rows, b)) as [
    string,
    string,
  ];
  return data.rows.slice(0, count).map((row) => ({
    prompt: row.prompt,
    weakRight: (row.outcomes[weak]?.quality ?? 0) >= 0.5,
    strongRight: (row.outcomes[strong]?.quality ?? 0) >= 0.5,
  }));
}
function sumCost(rows: ReturnType<typeof loadDataset>['rows'], model: string): number {
  return rows.reduce((sum, row) => sum + (row.outcomes[model]?.costUsd ?? 0), 0);
}

const maths = replayed('data/routellm/gsm8k/gsm8k_responses.csv', 40);
const quiz = replayed('data/routellm/mmlu/responses/mmlu_astronomy.csv', 16);
const weakRight = new Map(maths.map((q) => [q.prompt, q.weakRight]));

// The first 5 OpenAI requests fail: the first support requests retry mini, then fall back to Haiku.
const server = await startDemoServer({ fail: { openai: { count: 5, status: 503 } } });
rmSync(ledgerPath, { force: true });

/** Accepts mini's answer where the recorded weak model was right: the replayed outcome as the acceptance check. */
const replayedCheck = custom((_answer, context) => {
  const text = context.request.messages.at(-1)?.content;
  return typeof text === 'string' && weakRight.get(text) === true;
}, 'replayedOutcome');

const router = createRouter({
  providers: {
    openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
    anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
  },
  models: {
    mini: { provider: 'openai', model: 'gpt-5-mini', reasoning: { effort: 'minimal' }, fallbacks: ['haiku'] },
    haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
    sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
  retry: { retries: 1, baseDelayMs: 5 },
  ledger: jsonlLedger({ path: ledgerPath }),
  budgets: { tenants: { initech: { dailyUsd: 0.02, alertAt: [0.1, 0.25] } } },
  experiments: [
    {
      name: 'cheap-first',
      features: ['math-tutor'],
      arms: [
        { name: 'always-sonnet', weight: 1, policy: fixed('sonnet') },
        {
          name: 'mini-then-sonnet',
          weight: 1,
          policy: cascade({ tiers: { default: [{ model: 'mini', accept: [replayedCheck] }, { model: 'sonnet' }] } }),
        },
      ],
    },
  ],
});
const alerts: string[] = [];
router.on('alert', (alert) => alerts.push(`${alert.type}: ${alert.message}`));

const TENANTS = ['acme', 'globex', 'initech'];
try {
  // Support first, while the stand-in still fails OpenAI requests: retries, then fallbacks.
  for (let i = 0; i < 8; i++) {
    await router.complete({
      model: 'mini',
      messages: [
        {
          role: 'user',
          content: i % 2 === 0 ? 'How do I reset my password?' : 'Can I get a refund on my annual plan?',
        },
      ],
      maxOutputTokens: 600,
      metadata: { tenant: TENANTS[i % 3] as string, user: `support-${i}`, feature: 'support' },
    });
  }
  for (const [i, q] of maths.entries()) {
    const res = await router.complete({
      messages: [{ role: 'user', content: q.prompt }],
      maxOutputTokens: 600,
      metadata: { tenant: TENANTS[i % 3] as string, user: `student-${i % 20}`, feature: 'math-tutor' },
    });
    // The replayed outcome of whichever model answered is the user's thumbs up or down.
    const right = res.alias === 'mini' ? q.weakRight : q.strongRight;
    await router.feedback(res.requestId, { score: right ? 1 : 0 });
  }
  for (const [i, q] of quiz.entries()) {
    await router.complete({
      model: i % 4 === 0 ? 'sonnet' : 'haiku',
      messages: [{ role: 'user', content: q.prompt }],
      maxOutputTokens: 300,
      metadata: { tenant: TENANTS[(i + 1) % 3] as string, user: `quiz-${i % 10}`, feature: 'quiz' },
    });
  }
  const spend = await router.spend();
  console.log(`ledger: ${ledgerPath}`);
  console.log(
    `recorded: ${spend.requests} requests, ${spend.attempts} attempts (${spend.retries} retries), $${spend.usd.toFixed(6)}`,
  );
  for (const alert of alerts) console.log(`alert: ${alert}`);
} finally {
  await router.close();
  await server.close();
}

console.log('');
process.exitCode = await main(['report', ledgerPath, '--html', htmlPath]);

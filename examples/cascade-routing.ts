/**
 * Cascade routing among four models of three providers, fully offline (it never needs keys): gpt-4.1-nano,
 * gemini-2.5-flash, claude-haiku-4-5 and claude-sonnet-4-6 are called one at a time — per request the rule (the same
 * one `routewise eval` replays) calls the model of best expected gain − λ × expected cost, and after each answer
 * weighs the answers' agreement and either calls one more or stops with the answer most likely right. nano's step
 * carries an agreement check against flash: when flash picks the same option, nano's answer is accepted at once; when
 * it does not, nano's answer is never returned, and both answers count as evidence (flash is not called again). Every
 * call, the check's included, is charged and listed in `res.route`.
 *
 *   npm run example:cascade-routing      (or: npx tsx examples/cascade-routing.ts)
 */
import type { EvalDataset, EvalRow, PolicyRouteInfo, RouterConfig, RouterResult } from '../src/index.js';
import { agree, anthropic, cascadeRouting, createRouter, google, openai, trainCascadeRouting } from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

const server = await startDemoServer();

// Recorded history: per question, each candidate's answer and the right one. In practice thousands of rows
// (RouterBench-style logs through loadDataset), learned once with trainCascadeRouting and saved as JSON.
const MODELS = ['nano', 'flash', 'haiku', 'sonnet'] as const;
const history: Array<[right: string, nano: string, flash: string, haiku: string, sonnet: string]> = [
  ['B', 'B', 'B', 'B', 'B'],
  ['C', 'A', 'C', 'C', 'C'],
  ['D', 'D', 'D', 'D', 'D'],
  ['A', 'C', 'C', 'A', 'A'],
  ['B', 'B', 'B', 'B', 'B'],
  ['C', 'C', 'C', 'C', 'C'],
  ['A', 'A', 'A', 'B', 'A'],
  ['D', 'B', 'D', 'D', 'D'],
  ['C', 'C', 'A', 'C', 'C'],
  ['B', 'B', 'B', 'B', 'B'],
];
const rows: EvalRow[] = history.map(([right, ...answers], i) => ({
  prompt: `recorded question ${i}`,
  task: 'quiz',
  outcomes: Object.fromEntries(
    MODELS.map((m, j) => [m, { quality: answers[j] === right ? 1 : 0, costUsd: 0, response: answers[j]! }]),
  ),
  columns: {},
}));
const recorded: EvalDataset = { models: [...MODELS], rows, hasResponses: true, notes: [] };
const learned = trainCascadeRouting(recorded);

function router(policy: RouterConfig['policy']) {
  return createRouter({
    providers: {
      openai: openai({ apiKey: 'local-no-key', baseURL: `${server.url}/v1` }),
      google: google({ apiKey: 'local-no-key', baseURL: server.url }),
      anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }),
    },
    models: {
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
      flash: { provider: 'google', model: 'gemini-2.5-flash', reasoning: { budgetTokens: 0 } },
      haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
      sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
    },
    ...(policy ? { policy } : {}),
  });
}

const checked = router(
  cascadeRouting({
    name: 'quiz-cascade',
    candidates: {
      nano: { model: 'nano', accept: agree({ models: ['flash'], extract: 'choice' }) },
      flash: 'flash',
      haiku: 'haiku',
      sonnet: 'sonnet',
    },
    learned,
    lambda: 1,
    outputTokens: 60, // answers are short: expected costs price 60 output tokens, not the whole cap
  }),
);

function show(label: string, res: RouterResult): void {
  const route = res.route as PolicyRouteInfo;
  const info = route.cascadeRouting!;
  console.log(`\n${label}`);
  console.log(`text: ${res.text}`);
  console.log(
    `route: ${route.policy} (λ ${info.lambda}, compared as ${info.kind}), answered by ${info.answer}, ` +
      `${route.accepted ? 'accepted' : 'NOT accepted'}`,
  );
  console.log(
    `priors: ${info.candidates
      .map((c) => `${c.name} ${c.prior.toFixed(2)} (cost ${c.cost.toFixed(3)}${c.overBudget ? ', over budget' : ''})`)
      .join(', ')}`,
  );
  for (const d of info.decisions) {
    const seen = d.after.map((name) => `${name}=${d.keys[name] ?? '—'} p=${d.posteriors[name]!.toFixed(2)}`);
    console.log(`  after [${seen.join(', ')}] → ${d.next ? `call ${d.next}` : `stop, return ${d.answer}`}`);
  }
  for (const step of route.steps) console.log(`  step ${step.alias}: ${step.verdict} — ${step.reason}`);
  for (const attempt of res.cost.attempts) {
    console.log(`  ${attempt.purpose} ${attempt.alias} (${attempt.model}) ${attempt.status} · ${usd(attempt.costUsd)}`);
  }
  console.log(`cost.usd: ${usd(res.cost.usd)} over ${res.cost.attempts.length} calls`);
}

const quiz = (question: string) => ({
  messages: [{ role: 'user' as const, content: `${question} Answer with the letter.` }],
  maxOutputTokens: 300,
  metadata: { feature: 'quiz' },
});
const capital = 'Which city is the capital of Australia? A) Sydney B) Canberra C) Melbourne D) Perth.';
const moons = 'Which planet has the most known moons? A) Jupiter B) Saturn C) Uranus D) Neptune.';

try {
  // 1. nano answers B and flash, its agreement check, says B too: accepted after two cheap calls.
  show('1. the agreement check accepts the cheapest answer', await checked.complete(quiz(capital)));

  // 2. nano says A, flash says B: rejected. Both answers count; the rule calls on, and haiku's B agreeing with flash
  //    settles it.
  show('2. disagreement escalates', await checked.complete(quiz(moons)));

  // 3. Streamed, without the check and at a smaller λ: a call that certainly ends the route streams live; the others
  //    run whole first, and the answer returned reaches the caller in one piece.
  const plain = router(
    cascadeRouting({
      candidates: { nano: 'nano', flash: 'flash', haiku: 'haiku', sonnet: 'sonnet' },
      learned,
      lambda: 0.3,
      outputTokens: 60,
    }),
  );
  const stream = plain.stream(quiz(moons));
  let deltas = 0;
  for await (const event of stream) if (event.type === 'text-delta') deltas++;
  show(`3. streamed (${deltas} text delta(s))`, await stream.result);

  // 4. A $0.0012 budget: haiku's and sonnet's worst cases (300 output tokens at their price) alone exceed it, so they
  //    are left out; nano runs with its check, which rejects, and nothing affordable is left: nano's answer comes
  //    back marked not accepted.
  show('4. budget', await checked.complete({ ...quiz(moons), budget: { maxUsd: 0.0012 } }));
} finally {
  await server.close();
}

/**
 * A per-task choice of model learned from live feedback, fully offline: a router that sends everything to Haiku,
 * wrapped in `learnPerTask`, takes simulated thumbs up / down on two tasks. Haiku does well on `billing` questions
 * and badly on `contracts` ones; once a task has 20 scores, `contracts` moves to Sonnet and `billing` stays on the
 * cheaper Haiku. The evidence lives in the router's store (here the memory store; with `redisStore` every instance
 * learns from every instance's feedback).
 *
 *   npx tsx examples/learn-per-task.ts
 */
import { anthropic, createRouter, fixed, learnPerTask } from '../src/index.js';
import { usd } from './support/format.js';
import { startDemoServer } from './support/demo-server.js';

const server = await startDemoServer();

const router = createRouter({
  providers: { anthropic: anthropic({ apiKey: 'local-no-key', baseURL: server.url }) },
  models: {
    haiku: { provider: 'anthropic', model: 'claude-haiku-4-5' },
    sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' },
  },
  // explore: 0 keeps the demo deterministic; a deployment leaves the default 5% so both models keep getting scores.
  policy: learnPerTask(fixed('haiku'), { models: ['haiku', 'sonnet'], minCount: 20, explore: 0 }),
});

// The simulated outcome: how often each model's answer on each task gets a thumbs up.
const upRate: Record<string, Record<string, number>> = {
  billing: { haiku: 0.9, sonnet: 0.95 },
  contracts: { haiku: 0.3, sonnet: 0.9 },
};
const prompts: Record<string, string> = {
  billing: 'Why was I charged twice this month?',
  contracts: 'Does clause 7 of this contract let them end it early?',
};

for (let round = 1; round <= 3; round++) {
  for (const task of ['billing', 'contracts']) {
    const answered: Record<string, number> = {};
    let spent = 0;
    for (let i = 0; i < 12; i++) {
      const res = await router.complete({
        messages: [{ role: 'user', content: prompts[task] as string }],
        maxOutputTokens: 200,
        metadata: { feature: task },
      });
      answered[res.alias] = (answered[res.alias] ?? 0) + 1;
      spent += res.cost.usd;
      // Deterministic "random" thumbs: the i-th answer is up when i / 12 is under the model's rate.
      const up = (i + 0.5) / 12 < (upRate[task]?.[res.alias] ?? 0);
      await router.feedback(res.requestId, { score: up ? 1 : 0 });
    }
    const by = Object.entries(answered)
      .map(([alias, n]) => `${alias} ${n}`)
      .join(', ');
    console.log(`round ${round}, ${task}: answered by ${by}, ${usd(spent)}`);
  }
}

for (const task of ['billing', 'contracts']) {
  const res = await router.complete({
    messages: [{ role: 'user', content: prompts[task] as string }],
    maxOutputTokens: 200,
    metadata: { feature: task },
  });
  const choice = res.route.kind === 'policy' ? res.route.taskChoice : undefined;
  const means = choice?.candidates.map((c) => `${c.alias} ${c.mean.toFixed(3)} (n=${c.n})`).join(', ');
  console.log(`${task}: ${choice?.reason}, chosen ${res.alias}; shrunk means ${means}`);
}

await router.close();
await server.close();

import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { assignArm, createRouter, type ExperimentConfig, fixed, memoryLedger, openai } from '../../src/index.js';
import { useMsw } from '../helpers/msw.js';

/**
 * Requests an experiment routes are cached per arm: the arm (and its policy) is part of the key, so one arm never
 * serves another's answer. Through the real OpenAI SDK, msw answering with the model's name in the text.
 */
const completion = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);
const server = useMsw();

function serveOpenAI(): string[] {
  const models: string[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const body = (await request.json()) as any;
      models.push(body.model);
      const answer = structuredClone(completion);
      answer.model = body.model;
      answer.choices[0].message.content = `answered by ${body.model}`;
      return HttpResponse.json(answer);
    }),
  );
  return models;
}

const experiment: ExperimentConfig = {
  name: 'cheap-first',
  arms: [
    { name: 'control', weight: 1, policy: fixed('big') },
    { name: 'cheap', weight: 1, policy: fixed('mini') },
  ],
};

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((item) => item.close()));
});

function router() {
  const ledger = memoryLedger();
  const r = createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routewise-experiment-cache-00' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      big: { provider: 'openai', model: 'gpt-4.1' },
    },
    experiments: [experiment],
    ledger,
    responseCache: { exact: true },
  });
  closing.push(r);
  return { router: r, ledger };
}

/** The first `count` users assigned to `arm`. */
const usersIn = (arm: string, count: number) => {
  const users: string[] = [];
  for (let i = 0; users.length < count; i++) {
    if (assignArm(experiment, { metadata: { user: `user-${i}` } }).arm === arm) users.push(`user-${i}`);
  }
  return users;
};

const ask = (user?: string) => ({
  temperature: 0,
  messages: [{ role: 'user' as const, content: 'What is the capital of France?' }],
  ...(user ? { metadata: { user } } : {}),
});

describe('the response cache under an experiment', () => {
  it('keys by arm: an arm is served its own answers only, and says which arm it was', async () => {
    const models = serveOpenAI();
    const { router: r, ledger } = router();
    const [c1, c2] = usersIn('control', 2) as [string, string];
    const [k1] = usersIn('cheap', 1) as [string];
    const first = await r.complete(ask(c1));
    expect(first).toMatchObject({ text: 'answered by gpt-4.1', cache: { hit: false } });
    // Another user of the same arm gets the arm's cached answer.
    const again = await r.complete(ask(c2));
    expect(again).toMatchObject({
      text: 'answered by gpt-4.1',
      cache: { hit: 'exact' },
      experiment: { experiment: 'cheap-first', arm: 'control' },
    });
    // A user of the other arm is not served the control arm's answer: the cheap arm answers it fresh.
    const other = await r.complete(ask(k1));
    expect(other).toMatchObject({ text: 'answered by gpt-4.1-mini', cache: { hit: false } });
    expect((await r.complete(ask(k1))).cache?.hit).toBe('exact');
    expect(models).toEqual(['gpt-4.1', 'gpt-4.1-mini']);
    // Hits are tagged with their arm in the ledger, and add nothing to the arm's statistics (no routing happened).
    const hits = ledger.records().filter((row) => row.kind === 'hit');
    expect(hits.map((row) => row.arm)).toEqual(['control', 'cheap']);
    expect(hits.every((row) => row.experiment === 'cheap-first')).toBe(true);
    const report = await r.experimentReport('cheap-first');
    expect(report.arms.map((arm) => [arm.arm, arm.requests])).toEqual([
      ['control', 1],
      ['cheap', 1],
    ]);
  });

  it('anonymous requests (assigned by request id) look up and route by the same arm', async () => {
    const models = serveOpenAI();
    const { router: r } = router();
    const results = [];
    for (let i = 0; i < 16; i++) results.push(await r.complete(ask()));
    for (const res of results) {
      const arm = res.experiment?.arm;
      expect(res.text).toBe(arm === 'control' ? 'answered by gpt-4.1' : 'answered by gpt-4.1-mini');
    }
    // One fresh answer per arm at most; every other request was served by its own arm's entry.
    expect(models.length).toBeLessThanOrEqual(2);
    expect(new Set(results.map((res) => res.experiment?.arm)).size).toBe(2);
  });

  it('streams a cached arm answer too', async () => {
    serveOpenAI();
    const { router: r } = router();
    const [c1, c2] = usersIn('control', 2) as [string, string];
    await r.complete(ask(c1));
    const stream = r.stream(ask(c2));
    let text = '';
    for await (const event of stream) if (event.type === 'text-delta') text += event.text;
    expect(text).toBe('answered by gpt-4.1');
    expect((await stream.result).cache?.hit).toBe('exact');
  });
});

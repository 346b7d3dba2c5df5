import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  ConfigError,
  createRouter,
  memoryLedger,
  memoryStore,
  openai,
  type RouterConfig,
  type SemanticCacheConfig,
} from '../../src/index.js';
import { bagOfWordsEmbedder } from '../helpers/bag-of-words-embedder.js';
import { useMsw } from '../helpers/msw.js';

/**
 * The semantic cache's cheap judge through the real OpenAI SDK (msw answering): gpt-4.1-nano is the judge and answers
 * YES or NO by a rule of the test, gpt-4.1-mini answers the questions.
 */
const completion = JSON.parse(
  readFileSync(new URL('../../src/providers/openai/__fixtures__/chat-completion.json', import.meta.url), 'utf8'),
);
const server = useMsw();

interface Traffic {
  answers: number;
  judged: string[];
}

/** The judge says YES unless the two questions differ in "reset" vs "change". */
function serveOpenAI(verdict = (content: string): string => (content.includes('change') ? 'NO' : 'YES')): Traffic {
  const traffic: Traffic = { answers: 0, judged: [] };
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: wire body
      const body = (await request.json()) as any;
      const answer = structuredClone(completion);
      answer.model = body.model;
      if (body.model === 'gpt-4.1-nano') {
        const content = body.messages.at(-1).content as string;
        traffic.judged.push(content);
        answer.choices[0].message.content = verdict(content);
        answer.usage = { prompt_tokens: 190, completion_tokens: 1, total_tokens: 191 };
      } else traffic.answers += 1;
      return HttpResponse.json(answer);
    }),
  );
  return traffic;
}

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((item) => item.close()));
});

function router(semantic: Partial<SemanticCacheConfig> = {}, extra: Partial<RouterConfig> = {}) {
  const r = createRouter({
    providers: { openai: openai({ apiKey: 'sk-test-routewise-judge-000000000000' }) },
    models: {
      mini: { provider: 'openai', model: 'gpt-4.1-mini' },
      nano: { provider: 'openai', model: 'gpt-4.1-nano' },
    },
    retry: { retries: 0 },
    responseCache: {
      semantic: {
        embedder: bagOfWordsEmbedder(),
        threshold: 0.5,
        lexical: false,
        judge: { model: 'nano' },
        ...semantic,
      },
    },
    ...extra,
  });
  closing.push(r);
  return r;
}

const ask = (content: string, more: Record<string, unknown> = {}) => ({
  model: 'mini',
  temperature: 0,
  messages: [{ role: 'user' as const, content }],
  ...more,
});

describe('the semantic cache judge', () => {
  it('serves a candidate the judge accepts; its call is charged to the hit, recorded with purpose cache', async () => {
    const traffic = serveOpenAI();
    const ledger = memoryLedger();
    const r = router({}, { ledger });
    const first = await r.complete(ask('How do I reset my password?'));
    expect(traffic.judged).toHaveLength(0); // nothing to judge yet
    const second = await r.complete(ask('How can I reset my password?'));
    expect(second.cache?.hit).toBe('semantic');
    expect(traffic.answers).toBe(1);
    expect(traffic.judged).toHaveLength(1);
    // The pair travels as JSON strings in the user message.
    expect(traffic.judged[0]).toContain(JSON.stringify('How do I reset my password?'));
    expect(traffic.judged[0]).toContain(JSON.stringify('How can I reset my password?'));
    expect(second.cost.attempts).toHaveLength(1);
    expect(second.cost.attempts[0]).toMatchObject({ alias: 'nano', purpose: 'cache', status: 'ok' });
    // 190 input + 1 output tokens of gpt-4.1-nano ($0.10 / $0.40 per million).
    expect(second.cost.usd).toBeCloseTo((190 * 0.1 + 1 * 0.4) / 1e6, 15);
    expect(second.cache?.savedUsd).toBeCloseTo(first.cost.usd, 15);
    const rows = ledger.records().filter((row) => row.requestId === second.requestId);
    expect(rows.map((row) => `${row.kind}/${row.purpose}/${row.cache}`)).toEqual([
      'attempt/cache/semantic',
      'hit/answer/semantic',
    ]);
    const spend = await r.spend();
    expect(spend.usd).toBeCloseTo(first.cost.usd + second.cost.usd, 15);
    expect(spend).toMatchObject({ requests: 2, attempts: 2, semanticHits: 1 });
    const byPurpose = await r.spend({ groupBy: 'purpose' });
    expect(byPurpose.groups!.find((g) => g.purpose === 'cache')?.usd).toBeCloseTo(second.cost.usd, 15);
  });

  it('a NO serves nothing: the fresh answer is charged the judge call too, and the ledger adds up', async () => {
    const traffic = serveOpenAI();
    const ledger = memoryLedger();
    const r = router({}, { ledger });
    await r.complete(ask('How do I reset my password?'));
    const second = await r.complete(ask('How do I change my password?'));
    expect(second.cache).toEqual({ hit: false });
    expect(traffic.judged).toHaveLength(1);
    expect(traffic.answers).toBe(2);
    expect(second.cost.attempts.map((a) => `${a.alias}/${a.purpose ?? 'answer'}`)).toEqual([
      'nano/cache',
      'mini/answer',
    ]);
    expect(second.cost.usd).toBeCloseTo(second.cost.attempts[0]!.costUsd + second.cost.attempts[1]!.costUsd, 15);
    const rows = ledger.records().filter((row) => row.requestId === second.requestId);
    expect(rows.map((row) => `${row.purpose}/${row.cache}`)).toEqual(['cache/miss', 'answer/miss']);
    expect(rows.reduce((sum, row) => sum + row.costUsd, 0)).toBeCloseTo(second.cost.usd, 15);
  });

  it('caches verdicts by the pair (in the store): a pair judged once is not judged again, in any tenant', async () => {
    const traffic = serveOpenAI();
    const store = memoryStore();
    const r = router({}, { store });
    for (const tenant of ['acme', 'globex']) {
      await r.complete(ask('How do I reset my password?', { metadata: { tenant } }));
      const hit = await r.complete(ask('How can I reset my password?', { metadata: { tenant } }));
      expect(hit.cache?.hit).toBe('semantic');
    }
    expect(traffic.judged).toHaveLength(1);
    // A NO is remembered too.
    await r.complete(ask('How do I change my password?', { metadata: { tenant: 'acme' } }));
    await r.complete(ask('How do I reset my password?', { metadata: { tenant: 'initech' } }));
    const again = await r.complete(ask('How do I change my password?', { metadata: { tenant: 'initech' } }));
    expect(again.cache).toEqual({ hit: false });
    expect(traffic.judged).toHaveLength(2);
  });

  it('a reply without a verdict serves nothing, and is not remembered', async () => {
    const traffic = serveOpenAI(() => 'Maybe.');
    const r = router();
    await r.complete(ask('How do I reset my password?'));
    expect((await r.complete(ask('How can I reset my password?'))).cache).toEqual({ hit: false });
    await r.complete(ask('How do I reset my password?', { metadata: { tenant: 'other' } }));
    await r.complete(ask('How can I reset my password?', { metadata: { tenant: 'other' } }));
    expect(traffic.judged).toHaveLength(2);
  });

  it("goes through the request's budget: a judge call that does not fit is not sent", async () => {
    const traffic = serveOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?'));
    await expect(r.complete(ask('How can I reset my password?', { budget: { maxUsd: 1e-9 } }))).rejects.toThrow(
      BudgetExceededError,
    );
    expect(traffic.judged).toHaveLength(0);
    expect(traffic.answers).toBe(1);
  });

  it("draws from a withBudget run's cap, like the answer calls", async () => {
    serveOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?'));
    const run = r.withBudget({ maxUsd: 1 });
    const hit = await run.complete(ask('How can I reset my password?'));
    expect(hit.cache?.hit).toBe('semantic');
    expect((await run.usage()).usd).toBeCloseTo(hit.cost.usd, 15);
    expect((await run.usage()).usd).toBeGreaterThan(0);
  });

  it('is not asked about a candidate whose question is the same text', async () => {
    const traffic = serveOpenAI();
    const r = router();
    await r.complete(ask('How do I reset my password?'));
    expect((await r.complete(ask('How do I reset my password?'))).cache?.hit).toBe('semantic');
    expect(traffic.judged).toHaveLength(0);
  });

  it('must name a configured alias (ConfigError with the path)', () => {
    expect(() => router({ judge: { model: 'tiny' } })).toThrow(ConfigError);
    expect(() => router({ judge: { model: 'tiny' } })).toThrow(/responseCache\.semantic\.judge\.model/);
  });
});

import { describe, expect, it, vi } from 'vitest';
import {
  BudgetExceededError,
  ConfigError,
  cascade,
  createRouter,
  judge,
  memoryStore,
  type RouterAlert,
  type RouterConfig,
  type Store,
  StoreUnavailableError,
} from '../../src/index.js';
import { fakeAdapter, type Step } from '../router/fake-adapter.js';

// $1 / $2 per million tokens: a call of 10 input + 20 output tokens costs $0.00005.
const prices = {
  'local:tiny': { inputPerMTok: 1, outputPerMTok: 2 },
  'local:big': { inputPerMTok: 10, outputPerMTok: 20 },
};
const COST = 10e-6 + 40e-6;
const ok = (text = 'fine'): Step => ({ text, usage: { inputTokens: 10, outputTokens: 20 } });
const ask = (metadata: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  model: 'tiny',
  messages: [{ role: 'user' as const, content: 'Say hi' }],
  maxOutputTokens: 50,
  metadata,
  ...extra,
});

function setup(script: Step[], config: Partial<RouterConfig> = {}) {
  const adapter = fakeAdapter('local', script);
  const router = createRouter({
    providers: { local: adapter },
    models: { tiny: { provider: 'local', model: 'tiny' }, big: { provider: 'local', model: 'big' } },
    prices,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
    ...config,
  });
  const alerts: RouterAlert[] = [];
  router.on('alert', (alert) => alerts.push(alert));
  return { router, adapter, alerts };
}

async function refusal(promise: Promise<unknown>): Promise<BudgetExceededError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BudgetExceededError) return error;
    throw error;
  }
  throw new Error('expected a BudgetExceededError');
}

/** The worst case the router reserves for `ask` on tiny: estimated input × $1/M + 50 × $2/M. */
async function worstCase(): Promise<number> {
  const { router } = setup([]);
  const error = await refusal(router.complete({ ...ask({}), budget: { maxUsd: 1e-9 } }));
  return error.estimateUsd;
}

describe('running caps', () => {
  it('refuses a tenant over its hard daily cap before any HTTP call, naming scope, cap, spent, reserved and worst case', async () => {
    const worst = await worstCase();
    const { router, adapter } = setup([ok(), ok(), ok()], {
      budgets: { tenants: { acme: { dailyUsd: 2 * COST + worst * 0.9 } } },
    });
    await router.complete(ask({ tenant: 'acme' }));
    await router.complete(ask({ tenant: 'acme' }));
    // Two calls settled at their actual cost (below the worst case), so a third worst case no longer fits.
    const error = await refusal(router.complete(ask({ tenant: 'acme' })));
    expect(adapter.calls).toHaveLength(2);
    expect(error.scope).toBe('tenant');
    expect(error.scopeName).toBe('acme');
    expect(error.window).toBe('daily');
    expect(error.limitUsd).toBe(2 * COST + worst * 0.9);
    expect(error.spentUsd).toBeCloseTo(2 * COST, 12);
    expect(error.reservedUsd).toBe(0);
    expect(error.estimateUsd).toBeCloseTo(worst, 12);
    expect(error.message).toContain('(tenant acme, daily)');
    expect(error.message).toMatch(/\$0\.000100 spent and \$0\.000000 reserved exceeds the hard cap/);
  });

  it('reserves a short message at its size bound, and serves a call whose exact worst case fits though the bound does not', async () => {
    const worst = await worstCase();
    // Room for the exact worst case and a little more, not for the size bound's (which counts bytes as tokens).
    const cap = 2 * COST + worst * 1.01;
    const { router, adapter } = setup([ok(), ok(), ok(), ok()], {
      budgets: { tenants: { acme: { dailyUsd: cap } } },
    });
    const held: number[] = [];
    const store = memoryStore();
    const watched = setup([ok()], {
      store: Object.assign(Object.create(store) as Store, {
        reserve: (input: Parameters<Store['reserve']>[0]) => {
          held.push(input.counters[0]?.amount ?? 0);
          return store.reserve(input);
        },
      }),
      budgets: { tenants: { acme: { dailyUsd: 1 } } },
    });
    await watched.router.complete(ask({ tenant: 'acme' }));
    expect(held).toHaveLength(1);
    expect(held[0]).toBeGreaterThan(worst);
    await router.complete(ask({ tenant: 'acme' }));
    await router.complete(ask({ tenant: 'acme' }));
    // The third call's bound does not fit; its exact worst case does: served.
    await router.complete(ask({ tenant: 'acme' }));
    expect(adapter.calls).toHaveLength(3);
    // The fourth fits neither: refused, and the error names the exact worst case, not the bound.
    const error = await refusal(router.complete(ask({ tenant: 'acme' })));
    expect(error.estimateUsd).toBeCloseTo(worst, 12);
    expect(adapter.calls).toHaveLength(3);
  });

  it("applies '*' to each tenant separately, and a named entry instead of '*'", async () => {
    const worst = await worstCase();
    const { router, adapter } = setup([ok(), ok(), ok(), ok()], {
      budgets: { tenants: { '*': { dailyUsd: worst + COST / 2 }, acme: { dailyUsd: 1 } } },
    });
    await router.complete(ask({ tenant: 'a' }));
    await router.complete(ask({ tenant: 'b' }));
    await router.complete(ask({ tenant: 'acme' }));
    await router.complete(ask({ tenant: 'acme' }));
    expect((await refusal(router.complete(ask({ tenant: 'a' })))).message).toContain('tenant a, daily');
    expect(adapter.calls).toHaveLength(4);
  });

  it('holds the worst case on every scope and window at once, and settles each to the actual cost', async () => {
    const store = memoryStore();
    const { router } = setup([ok()], {
      store,
      budgets: {
        tenants: { acme: { dailyUsd: 1, monthlyUsd: 5 } },
        users: { '*': { hourlyUsd: 0.5, window: 'rolling' } },
        features: { chat: { minuteUsd: 0.1 } },
      },
    });
    const spy = vi.spyOn(store, 'reserve');
    const result = await router.complete(ask({ tenant: 'acme', user: 'u1', feature: 'chat' }));
    const input = spy.mock.calls[0]?.[0];
    expect(input?.counters.map((c) => c.key.split(':').slice(0, 4).join(':'))).toEqual([
      'budget:tenant:acme:daily',
      'budget:tenant:acme:monthly',
      'budget:user:u1:hourly-rolling',
      'budget:feature:chat:minute',
    ]);
    const spentPerCounter = (await store.counters(input?.counters.map((c) => c.key) ?? [])).map((c) => c.spent);
    expect(spentPerCounter).toHaveLength(4);
    for (const spent of spentPerCounter) expect(spent).toBeCloseTo(result.cost.usd, 15);
    expect((await store.counters(input?.counters.map((c) => c.key) ?? [])).every((c) => c.reserved === 0)).toBe(true);
  });

  it('releases the hold of a failed attempt without cost, charges each retry, and the store ends equal to cost.usd', async () => {
    const store = memoryStore();
    const { router } = setup(
      [
        { status: 500 },
        {
          status: 503,
          usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5, reasoningTokens: 0 },
        },
        ok(),
      ],
      {
        store,
        budgets: { tenants: { acme: { dailyUsd: 1 } } },
      },
    );
    const spy = vi.spyOn(store, 'release');
    const result = await router.complete(ask({ tenant: 'acme' }));
    expect(result.cost.attempts).toHaveLength(3);
    expect(spy).toHaveBeenCalledTimes(1);
    const reserve = vi.spyOn(store, 'reserve');
    await refusal(router.complete({ ...ask({ tenant: 'acme' }), budget: { maxUsd: 1e-9 } }));
    expect(reserve).not.toHaveBeenCalled();
    const day = new Date().toISOString().slice(0, 10);
    const [state] = await store.counters([`budget:tenant:acme:daily:${day}`]);
    expect(state?.spent).toBeCloseTo(result.cost.usd, 15);
    expect(state?.reserved).toBe(0);
  });

  it('a soft cap serves a pinned request over it and alerts', async () => {
    const worst = await worstCase();
    const { router, alerts } = setup([ok(), ok()], {
      budgets: { features: { chat: { dailyUsd: worst + COST / 2, mode: 'soft', alertAt: [] } } },
    });
    await router.complete(ask({ feature: 'chat' }));
    const res = await router.complete(ask({ feature: 'chat' }));
    expect(res.text).toBe('fine');
    expect(alerts.map((a) => [a.type, a.scope])).toEqual([['soft-cap-exceeded', 'feature chat, daily']]);
    expect(alerts[0]?.figures).toMatchObject({ capUsd: worst + COST / 2 });
  });

  it('a soft cap lets a cascade fall to a cheaper step that fits; with none, it serves the cheapest over the cap', async () => {
    const worst = await worstCase();
    const policy = cascade({ tiers: { only: [{ model: 'big' }, { model: 'tiny' }] } });
    const { router, adapter, alerts } = setup([ok('small'), ok('small again')], {
      policy,
      budgets: { tenants: { acme: { dailyUsd: worst + COST / 2, mode: 'soft', alertAt: [] } } },
    });
    const ask2 = {
      messages: [{ role: 'user' as const, content: 'Say hi' }],
      maxOutputTokens: 50,
      metadata: { tenant: 'acme' },
    };
    const first = await router.complete(ask2);
    expect(first.alias).toBe('tiny');
    expect(first.route.kind === 'policy' && first.route.steps.map((s) => s.verdict)).toEqual([
      'skipped-budget',
      'accepted',
    ]);
    expect(alerts).toEqual([]);
    // Now neither fits: the cheapest refused step (tiny) serves, with an alert.
    const second = await router.complete(ask2);
    expect(second.alias).toBe('tiny');
    expect(adapter.calls.map((c) => c.model)).toEqual(['tiny', 'tiny']);
    expect(alerts.map((a) => a.type)).toEqual(['soft-cap-exceeded']);
  });

  it('judge calls draw from the same caps as the answer they check', async () => {
    const store = memoryStore();
    const adapter = fakeAdapter('local', [ok('42'), ok('Score: 9')]);
    const router = createRouter({
      providers: { local: adapter },
      models: { tiny: { provider: 'local', model: 'tiny' }, big: { provider: 'local', model: 'big' } },
      prices,
      store,
      policy: cascade({ tiers: { only: [{ model: 'tiny', accept: [judge({ model: 'big', min: 5 })] }] } }),
      budgets: { tenants: { acme: { dailyUsd: 1 } } },
    });
    const res = await router.complete({ messages: [{ role: 'user', content: 'q' }], metadata: { tenant: 'acme' } });
    const day = new Date().toISOString().slice(0, 10);
    const [state] = await store.counters([`budget:tenant:acme:daily:${day}`]);
    expect(adapter.calls).toHaveLength(2);
    expect(state?.spent).toBeCloseTo(res.cost.usd, 15);
  });

  it('alerts once per threshold and window when a cap crosses its alertAt shares', async () => {
    const { router, alerts } = setup([ok(), ok(), ok(), ok(), ok()], {
      budgets: { tenants: { acme: { dailyUsd: COST * 10, alertAt: [0.2, 0.4] } } },
    });
    for (let i = 0; i < 5; i++) await router.complete(ask({ tenant: 'acme' }));
    await vi.waitFor(() => expect(alerts).toHaveLength(2));
    expect(alerts.map((a) => [a.type, a.scope, a.figures.threshold])).toEqual([
      ['budget-threshold', 'tenant acme, daily', 0.2],
      ['budget-threshold', 'tenant acme, daily', 0.4],
    ]);
  });

  it('applies perRequestUsd to requests without their own budget', async () => {
    const { router, adapter } = setup([ok()], { budgets: { perRequestUsd: 1e-9 } });
    const error = await refusal(router.complete(ask({})));
    expect(error.scope).toBe('request');
    expect(error.limitUsd).toBe(1e-9);
    expect(adapter.calls).toHaveLength(0);
  });

  it('rejects bad caps with the path of the bad field', () => {
    const bad = (budgets: unknown) => {
      try {
        setup([], { budgets: budgets as never });
      } catch (error) {
        return (error as ConfigError).issues.map((i) => i.path);
      }
      return [];
    };
    expect(bad({ tenants: { acme: { dailyUsd: -1 } } })).toEqual(['budgets.tenants.acme.dailyUsd']);
    expect(bad({ users: { '*': { window: 'weekly', dailyUsd: 1 } } })).toEqual(['budgets.users["*"].window']);
    expect(bad({ features: { chat: { mode: 'soft' } } })).toEqual(['budgets.features.chat']);
    expect(bad({ tenant: {} })).toEqual(['budgets']);
    expect(() => setup([], { onStoreError: 'ignore' as never })).toThrow(ConfigError);
  });
});

describe('withBudget', () => {
  it('stops a runaway agent loop at its call count, retries included', async () => {
    const { router, adapter } = setup(Array.from({ length: 10 }, () => ok()));
    const run = router.withBudget({ maxCalls: 3, id: 'agent-1' });
    expect(run.id).toBe('agent-1');
    for (let i = 0; i < 3; i++) await run.complete(ask({}));
    const error = await refusal(run.complete(ask({})));
    expect(error.scope).toBe('run');
    expect(error.unit).toBe('calls');
    expect(error.message).toContain('run agent-1, calls');
    expect(adapter.calls).toHaveLength(3);
    expect(await run.usage()).toMatchObject({ calls: 3 });
    // The router itself is not limited.
    await router.complete(ask({}));
  });

  it('draws every call from one USD cap and reports what it used', async () => {
    const worst = await worstCase();
    const { router } = setup([ok(), ok(), ok()]);
    const run = router.withBudget({ maxUsd: 2 * COST + worst * 0.9 });
    await run.complete(ask({}));
    await run.complete(ask({}));
    expect((await refusal(run.complete(ask({})))).message).toContain(`(run ${run.id}, total)`);
    const usage = await run.usage();
    expect(usage.usd).toBeCloseTo(2 * COST, 15);
    expect(usage.reservedUsd).toBe(0);
  });

  it('rejects bad limits with their paths', () => {
    const { router } = setup([]);
    expect(() => router.withBudget({})).toThrow(/withBudget: set maxUsd, maxCalls or both/);
    expect(() => router.withBudget({ maxCalls: 1.5 })).toThrow(/withBudget.maxCalls/);
  });
});

/** A store whose engine is "down" while `down` is set: every operation rejects like a dropped connection. */
function flakyStore(inner: Store): Store & { down: boolean } {
  // close() is a no-op so a test can read the inner store after router.close().
  const wrapped = { ...inner, down: false, close: async () => {} } as Store & { down: boolean };
  for (const name of ['reserve', 'settle', 'release', 'counters', 'get', 'set', 'setIfAbsent'] as const) {
    const original = inner[name].bind(inner) as (...args: unknown[]) => Promise<unknown>;
    (wrapped as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      wrapped.down
        ? Promise.reject(new StoreUnavailableError('redis', name, new Error('ECONNRESET')))
        : original(...args);
  }
  return wrapped;
}

describe('store errors', () => {
  it('fail-closed (default) refuses a capped request before any HTTP call, saying the store is down', async () => {
    const store = flakyStore(memoryStore());
    const { router, adapter, alerts } = setup([ok()], { store, budgets: { tenants: { acme: { dailyUsd: 1 } } } });
    store.down = true;
    await expect(router.complete(ask({ tenant: 'acme' }))).rejects.toThrow(/redis store is unavailable/);
    expect(adapter.calls).toHaveLength(0);
    expect(alerts.map((a) => a.type)).toEqual(['store-unavailable']);
    // Uncapped requests do not touch the store.
    await router.complete(ask({}));
  });

  it('fail-open serves, counts locally, and writes each charge once when the store is back', async () => {
    const inner = memoryStore();
    const store = flakyStore(inner);
    const { router } = setup([ok(), ok(), ok()], {
      store,
      onStoreError: 'fail-open',
      budgets: { tenants: { acme: { dailyUsd: 1 } } },
    });
    const day = new Date().toISOString().slice(0, 10);
    const key = `budget:tenant:acme:daily:${day}`;
    const a = await router.complete(ask({ tenant: 'acme' }));
    store.down = true;
    const b = await router.complete(ask({ tenant: 'acme' }));
    store.down = false;
    const c = await router.complete(ask({ tenant: 'acme' }));
    await vi.waitFor(async () => {
      const [state] = await inner.counters([key]);
      expect(state?.spent).toBeCloseTo(a.cost.usd + b.cost.usd + c.cost.usd, 15);
    });
    await router.close();
    const [state] = await inner.counters([key]);
    expect(state?.spent).toBeCloseTo(a.cost.usd + b.cost.usd + c.cost.usd, 15);
  });

  it('a settle that fails after the call is kept and written once the store answers', async () => {
    const inner = memoryStore();
    const store = flakyStore(inner);
    const { router } = setup([ok()], { store, budgets: { tenants: { acme: { dailyUsd: 1 } } } });
    const settle = store.settle;
    let failNext = true;
    store.settle = (r, charges) => {
      if (failNext) {
        failNext = false;
        return Promise.reject(new StoreUnavailableError('redis', 'settle', new Error('socket closed')));
      }
      return settle(r, charges);
    };
    const res = await router.complete(ask({ tenant: 'acme' }));
    await router.close();
    const day = new Date().toISOString().slice(0, 10);
    const [state] = await inner.counters([`budget:tenant:acme:daily:${day}`]);
    expect(state?.spent).toBeCloseTo(res.cost.usd, 15);
  });
});

import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createRouter,
  type LedgerRecord,
  memoryLedger,
  memoryStore,
  openai,
  type RouterAlert,
  type RouterConfig,
} from '../../src/index.js';
import chatCompletion from '../../src/providers/openai/__fixtures__/chat-completion.json' with { type: 'json' };
import { useMsw } from '../helpers/msw.js';
import { ledgerRouter, serveProviders } from './ledger-traffic.js';

const server = useMsw();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const row = (at: number, extra: Partial<LedgerRecord> = {}): LedgerRecord => ({
  at: new Date(at).toISOString(),
  requestId: `h-${Math.random()}`,
  kind: 'attempt',
  purpose: 'answer',
  status: 'ok',
  costUsd: 0.000_001,
  attempt: 1,
  ...extra,
});

function listen(router: { on: (name: 'alert', fn: (alert: RouterAlert) => void) => unknown }) {
  const alerts: RouterAlert[] = [];
  router.on('alert', (alert) => alerts.push(alert));
  return alerts;
}

describe('ledger alerts', () => {
  it("spend spike: today's spend above 1.5x the trailing daily average, for the router and the tenant, once", async () => {
    serveProviders(server);
    const ledger = memoryLedger();
    const today = Math.floor(Date.now() / DAY) * DAY;
    // Three days of history at $0.000003 a day (acme) and one day for globex.
    for (const days of [1, 2, 3]) ledger.write([row(today - days * DAY + HOUR, { tenant: 'acme', costUsd: 3e-6 })]);
    ledger.write([row(today - 8 * DAY, { tenant: 'acme', costUsd: 1 })]); // older than the trailing 7 days
    const router = ledgerRouter(ledger);
    const alerts = listen(router);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'hi' }], metadata: { tenant: 'acme' } });
    await router.checkAlerts();
    await router.checkAlerts();
    const spikes = alerts.filter((a) => a.type === 'spend-spike');
    expect(spikes.map((a) => a.scope).sort()).toEqual(['router, daily', 'tenant acme, daily']);
    const acme = spikes.find((a) => a.scope === 'tenant acme, daily')!;
    expect(acme.figures.averageUsd).toBeCloseTo(3e-6, 15);
    expect(acme.figures.days).toBe(3);
    expect(acme.figures.todayUsd).toBeCloseTo(0.000_020_4, 12); // gpt-4.1-mini: 19 in × $0.40 + 8 out × $1.60 per M
    expect(acme.message).toMatch(
      /today's spend \$0\.0000204 is 6\.8x the trailing daily average \$0\.000003 \(over 3 days/,
    );
    expect(acme.details).toMatchObject({ tenant: 'acme' });
  });

  it('no spike without history, nor under the factor', async () => {
    serveProviders(server);
    const ledger = memoryLedger();
    const today = Math.floor(Date.now() / DAY) * DAY;
    ledger.write([row(today - DAY, { costUsd: 1 })]);
    const router = ledgerRouter(ledger);
    const alerts = listen(router);
    await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'hi' }], metadata: { tenant: 'new' } });
    await router.checkAlerts();
    expect(alerts).toEqual([]);
  });

  it("model mix: the dearest alias's share of calls doubling hour over hour", async () => {
    const ledger = memoryLedger();
    const now = Date.now();
    const calls = (start: number, sonnet: number, total: number) =>
      Array.from({ length: total }, (_, i) =>
        row(start + i * 1000, i < sonnet ? { alias: 'sonnet', model: 'claude-sonnet-4-6' } : { alias: 'mini' }),
      );
    ledger.write(calls(now - 2 * HOUR + 60_000, 4, 40)); // 10% the hour before
    ledger.write(calls(now - HOUR + 60_000, 12, 40)); // 30% in the last hour
    const router = ledgerRouter(ledger);
    const alerts = listen(router);
    await router.checkAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      type: 'model-mix-shift',
      scope: 'alias sonnet, hourly',
      figures: { share: 0.3, previousShare: 0.1, calls: 40, previousCalls: 40 },
    });
    // Below the factor: 10% → 15% does not alert.
    const calm = memoryLedger();
    calm.write(calls(now - 2 * HOUR + 60_000, 4, 40));
    calm.write(calls(now - HOUR + 60_000, 6, 40));
    const quiet = ledgerRouter(calm);
    const none = listen(quiet);
    await quiet.checkAlerts();
    expect(none).toEqual([]);
  });

  it('retry storm: fired from real traffic after requests (no explicit check), per router and alias', async () => {
    let n = 0;
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () => {
        n += 1;
        // Every other call fails with a 500: half the attempts are retries.
        return n % 2 === 1
          ? HttpResponse.json({ error: { message: 'busy', type: 'server_error' } }, { status: 500 })
          : HttpResponse.json(chatCompletion);
      }),
    );
    const config: RouterConfig = {
      providers: { openai: openai({ apiKey: 'sk-test-ledger-storm-000000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 },
      alerts: { checkEveryMs: 0, retryStorm: { minAttempts: 10, share: 0.3 } },
    };
    const router = createRouter(config);
    const alerts = listen(router);
    for (let i = 0; i < 8; i++) await router.complete({ model: 'mini', messages: [{ role: 'user', content: 'hi' }] });
    await router.close(); // waits for a running check
    const storms = alerts.filter((a) => a.type === 'retry-storm');
    expect(storms.map((a) => a.scope).sort()).toEqual(['alias mini', 'router']);
    expect(storms[0]!.figures.share).toBeCloseTo(0.5, 5);
    expect(storms[0]!.message).toMatch(/5 of 10 attempts in the last 5 min were retries \(50%, alert above 30%\)/);
  });

  it('a check that is turned off does not run; the debounce key lives in the store', async () => {
    const ledger = memoryLedger();
    const now = Date.now();
    ledger.write(Array.from({ length: 30 }, (_, i) => row(now - i * 1000, { attempt: 2, alias: 'mini' })));
    const store = memoryStore();
    const off = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-x-000000000000000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      ledger,
      store,
      alerts: { retryStorm: false },
    });
    const offAlerts = listen(off);
    await off.checkAlerts();
    expect(offAlerts).toEqual([]);
    const on = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-x-000000000000000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      ledger,
      store,
    });
    const second = createRouter({
      providers: { openai: openai({ apiKey: 'sk-test-x-000000000000000000000' }) },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      ledger,
      store,
    });
    const first = listen(on);
    const other = listen(second);
    await on.checkAlerts();
    await second.checkAlerts();
    // Two routers sharing a store: the alert fires once between them.
    expect(first.map((a) => a.scope).sort()).toEqual(['alias mini', 'router']);
    expect(other).toEqual([]);
  });
});

import type { RouterEvents } from '../../core/router-events.js';
import type { Ledger } from '../ledger.js';
import type { LedgerAlertCandidate } from './ledger-alert.js';
import { type ModelMixOptions, modelMixAlerts } from './model-mix-shift.js';
import { type RetryStormOptions, retryStormAlerts } from './retry-storm.js';
import { type SpendSpikeOptions, spendSpikeAlerts } from './spend-spike.js';

/** `config.alerts`: the ledger's guardrails. Each check is on by default; `false` turns one off. */
export interface LedgerAlertsConfig {
  /** Today's spend above a multiple of the trailing 7-day daily average. */
  spendSpike?: SpendSpikeOptions | false;
  /** The dearest alias's share of calls doubling hour over hour. */
  modelMix?: ModelMixOptions | false;
  /** Retries above a share of attempts. */
  retryStorm?: RetryStormOptions | false;
  /** Run the checks at most this often per process, ms (they query the ledger). Default 30,000. */
  checkEveryMs?: number;
}

/** What the checks need from the router. */
export interface LedgerAlertsDeps {
  ledger: Ledger;
  events: RouterEvents;
  /** Fires a key once across every instance sharing the store (true the first time); the debounce. */
  once: (key: string, ttlMs: number) => Promise<boolean>;
  /** The alias with the highest price, for the model-mix check. */
  dearestAlias: string | undefined;
  /** Where a failing check is reported (a ledger or store that is down). */
  onError: (error: unknown) => void;
}

/** The ledger's alert checks: run after writes, throttled; each alert fires once per scope and window. */
export interface LedgerAlerts {
  /** Runs the checks when they are due and someone listens; never throws. */
  afterWrite(): void;
  /** Runs every check now and emits what fires; resolves when done. */
  check(nowMs?: number): Promise<void>;
  /** Resolves once a running check has finished (for close). */
  idle(): Promise<void>;
}

/** Builds the alert checks of one router. */
export function createLedgerAlerts(config: LedgerAlertsConfig, deps: LedgerAlertsDeps): LedgerAlerts {
  const everyMs = config.checkEveryMs ?? 30_000;
  let lastRun = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;

  async function check(nowMs = Date.now()): Promise<void> {
    const found: LedgerAlertCandidate[] = [];
    const runs: Array<Promise<LedgerAlertCandidate[]>> = [];
    if (config.spendSpike !== false) runs.push(spendSpikeAlerts(deps.ledger, nowMs, config.spendSpike));
    if (config.modelMix !== false && deps.dearestAlias !== undefined) {
      runs.push(modelMixAlerts(deps.ledger, nowMs, deps.dearestAlias, config.modelMix));
    }
    if (config.retryStorm !== false) runs.push(retryStormAlerts(deps.ledger, nowMs, config.retryStorm));
    for (const candidates of await Promise.all(runs)) found.push(...candidates);
    for (const candidate of found) {
      if (await deps.once(`alert:${candidate.key}`, candidate.ttlMs)) deps.events.emit('alert', candidate.alert);
    }
  }

  const run = (): Promise<void> => {
    running ??= check()
      .catch(deps.onError)
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    afterWrite() {
      if (!deps.events.has('alert')) return;
      const now = Date.now();
      if (now - lastRun < everyMs || running) return;
      lastRun = now;
      void run();
    },
    check: (nowMs) => check(nowMs),
    idle: () => running ?? Promise.resolve(),
  };
}

import type { RequestMetadata } from '../core/request-metadata.js';
import type { BudgetCap, BudgetsConfig } from './cap-config.js';
import type { CapWindow } from './cap-windows.js';

/** Which kind of thing a cap is on. */
export type CapKind = 'tenant' | 'user' | 'feature' | 'run';

/** One cap in force for a request: a tenant's daily cap, a run's call count, … */
export interface CapScope {
  /** What it caps. */
  readonly kind: CapKind;
  /** The tenant, user, feature or run id. */
  readonly name: string;
  /** Its window; `total` for a run's caps (withBudget). */
  readonly window: CapWindow | 'total';
  /** The cap: USD, or calls when `unit` is `calls`. */
  readonly limit: number;
  /** USD or a count of calls (withBudget's maxCalls). */
  readonly unit: 'usd' | 'calls';
  /** Hard refuses; soft lets the cascade fall elsewhere, else serves and alerts. */
  readonly mode: 'hard' | 'soft';
  /** Rolling window (else calendar). */
  readonly rolling: boolean;
  /** Alert thresholds as shares of the cap. */
  readonly alertAt: readonly number[];
  /** Counter key prefix, e.g. `budget:tenant:acme`. */
  readonly base: string;
}

const WINDOWS: readonly [keyof BudgetCap, CapWindow][] = [
  ['minuteUsd', 'minute'],
  ['hourlyUsd', 'hourly'],
  ['dailyUsd', 'daily'],
  ['monthlyUsd', 'monthly'],
];

/** How a scope reads in messages: `tenant acme, daily`. */
export function scopeLabel(scope: Pick<CapScope, 'kind' | 'name' | 'window' | 'unit'>): string {
  const what = scope.unit === 'calls' ? 'calls' : scope.window;
  return `${scope.kind} ${scope.name}, ${what}`;
}

function capScopes(kind: CapKind, name: string, cap: BudgetCap): CapScope[] {
  const scopes: CapScope[] = [];
  for (const [field, window] of WINDOWS) {
    const limit = cap[field] as number | undefined;
    if (limit === undefined) continue;
    scopes.push({
      kind,
      name,
      window,
      limit,
      unit: 'usd',
      mode: cap.mode ?? 'hard',
      rolling: cap.window === 'rolling',
      alertAt: cap.alertAt ?? [0.8, 1],
      // Names are encoded so that `a:b` cannot collide with another tenant's window keys.
      base: `budget:${kind}:${encodeURIComponent(name)}`,
    });
  }
  return scopes;
}

/** Resolves which caps apply to a request's tenant, user and feature; `'*'` stands in for a name without its own entry. */
export function capResolver(
  budgets: BudgetsConfig | undefined,
): ((metadata: RequestMetadata | undefined) => CapScope[]) | undefined {
  const tables: [CapKind, 'tenant' | 'user' | 'feature', Record<string, BudgetCap> | undefined][] = [
    ['tenant', 'tenant', budgets?.tenants],
    ['user', 'user', budgets?.users],
    ['feature', 'feature', budgets?.features],
  ];
  const used = tables.filter(([, , table]) => table && Object.keys(table).length > 0);
  if (used.length === 0) return undefined;
  // Compiled scopes per name, bounded: names come from requests, so an unbounded map would grow with traffic.
  const cache = new Map<string, CapScope[]>();
  return (metadata) => {
    const scopes: CapScope[] = [];
    for (const [kind, field, table] of used) {
      const name = metadata?.[field];
      if (name === undefined || table === undefined) continue;
      const cap = Object.hasOwn(table, name) ? table[name] : table['*'];
      if (!cap) continue;
      const cacheKey = `${kind}\u0000${name}`;
      let compiled = cache.get(cacheKey);
      if (!compiled) {
        compiled = capScopes(kind, name, cap);
        if (cache.size >= 10_000) cache.clear();
        cache.set(cacheKey, compiled);
      }
      scopes.push(...compiled);
    }
    return scopes;
  };
}

/** The caps of one `withBudget` run: its total USD and its call count. */
export function runScopes(id: string, maxUsd: number | undefined, maxCalls: number | undefined): CapScope[] {
  const base = `budget:run:${encodeURIComponent(id)}`;
  const common = { kind: 'run', name: id, window: 'total', mode: 'hard', rolling: false, alertAt: [] } as const;
  const scopes: CapScope[] = [];
  if (maxUsd !== undefined) scopes.push({ ...common, limit: maxUsd, unit: 'usd', base: `${base}:usd` });
  if (maxCalls !== undefined) scopes.push({ ...common, limit: maxCalls, unit: 'calls', base: `${base}:calls` });
  return scopes;
}

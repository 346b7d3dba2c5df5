import { lazySchema } from '../core/lazy-zod.js';

/** A running cap on spend: any of four windows, calendar (UTC) or rolling, hard or soft. */
export interface BudgetCap {
  /** USD per minute. */
  minuteUsd?: number;
  /** USD per hour. */
  hourlyUsd?: number;
  /** USD per day. */
  dailyUsd?: number;
  /** USD per month (a rolling month is 30 days). */
  monthlyUsd?: number;
  /** `calendar` (default): windows start at UTC minute / hour / day / month boundaries; `rolling`: the last minute / hour / day / 30 days. */
  window?: 'calendar' | 'rolling';
  /** `hard` (default) refuses a call whose worst case does not fit; `soft` lets a cascade fall to a step that fits, else serves and alerts. */
  mode?: 'hard' | 'soft';
  /** Shares of the cap at which a `budget-threshold` alert fires once per window. Default `[0.8, 1]`. */
  alertAt?: number[];
}

/** `budgets` of `createRouter`: the default request cap and running caps per tenant, user and feature. */
export interface BudgetsConfig {
  /** Per-request cap for requests without their own `budget.maxUsd`. */
  perRequestUsd?: number;
  /** Caps by `metadata.tenant`; `'*'` applies to each tenant without its own entry, separately. */
  tenants?: Record<string, BudgetCap>;
  /** Caps by `metadata.user`; `'*'` applies to each user without its own entry, separately. */
  users?: Record<string, BudgetCap>;
  /** Caps by `metadata.feature`; `'*'` applies to each feature without its own entry, separately. */
  features?: Record<string, BudgetCap>;
  /** How long a reservation lives unsettled before it lapses. Default: the attempt timeout plus one minute. */
  reservationTtlMs?: number;
  /**
   * On Redis and PostgreSQL, draw calls from slices of large caps that this instance holds (at most 2% of a cap, only
   * below 80% of it), so a budgeted call needs no store round trip; see docs/budgets.md. Default true; false: every call
   * reserves in the store.
   */
  leases?: boolean;
}

const schemas = lazySchema((z) => {
  const usd = z.number().finite().positive();

  const budgetCapSchema = z
    .object({
      minuteUsd: usd.optional(),
      hourlyUsd: usd.optional(),
      dailyUsd: usd.optional(),
      monthlyUsd: usd.optional(),
      window: z.enum(['calendar', 'rolling']).optional(),
      mode: z.enum(['hard', 'soft']).optional(),
      alertAt: z.array(z.number().positive().max(10)).optional(),
    })
    .strict()
    .refine(
      (cap) =>
        cap.minuteUsd !== undefined ||
        cap.hourlyUsd !== undefined ||
        cap.dailyUsd !== undefined ||
        cap.monthlyUsd !== undefined,
      'set at least one of minuteUsd, hourlyUsd, dailyUsd, monthlyUsd',
    );

  const budgetsSchema = z
    .object({
      perRequestUsd: usd.optional(),
      tenants: z.record(z.string().min(1), budgetCapSchema).optional(),
      users: z.record(z.string().min(1), budgetCapSchema).optional(),
      features: z.record(z.string().min(1), budgetCapSchema).optional(),
      reservationTtlMs: z.number().int().positive().optional(),
      leases: z.boolean().optional(),
    })
    .strict();
  return { budgetCapSchema, budgetsSchema };
});

/** zod schema of one cap. */
export const budgetCapSchema = () => schemas().budgetCapSchema;

/** zod schema of `budgets`. */
export const budgetsSchema = () => schemas().budgetsSchema;

import { telemetryConfigSchema } from '../telemetry/telemetry-config.js';
import { lazySchema } from '../core/lazy-zod.js';
import { isPlainConfig } from './plain-config-check.js';
import { timerMs } from './timer-ms-schema.js';
import { budgetsSchema } from '../budgets/cap-config.js';
import { ConfigError, type ValidationIssue } from '../errors.js';
import { responseCacheSchema } from '../cache/response-cache-config.js';
import { ledgerAlertsSchema } from '../ledger/alerts/ledger-alerts-schema.js';
import { rateLimitsSchema } from '../rate-limits/rate-limit-config.js';
import { priceOverrideSchema } from '../pricing/price-override.js';
import type { RouterConfig } from './config.js';
import { experimentIssues, experimentsSchema } from './experiments/experiment-schema.js';
import type { PolicyLike } from './policies/policy.js';
import { providerOptionsIssues } from '../providers/shared/provider-options-issues.js';
import { providerOptionsSchema } from './provider-options-schema.js';
import { reasoningSchema } from './request-schema.js';
import { retryOptionsSchema } from '../core/retry-options.js';
import { toValidationIssues } from '../core/zod-issues.js';

const schemas = lazySchema((z) => {
  const adapterSchema = z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { complete?: unknown }).complete === 'function' &&
      typeof (value as { stream?: unknown }).stream === 'function',
    { message: 'must be a provider adapter, e.g. openai() or anthropic()' },
  );

  const modelSchema = z
    .object({
      provider: z.string().min(1),
      model: z.string().min(1),
      maxOutputTokens: z.number().int().positive().optional(),
      reasoning: reasoningSchema().optional(),
      contextWindow: z.number().int().positive().optional(),
      outputTokenLimit: z.number().int().positive().optional(),
      providerOptions: providerOptionsSchema().optional(),
      fallbacks: z.array(z.string().min(1)).optional(),
    })
    .strict();

  const policySchema = z.custom<PolicyLike>(
    (value) =>
      typeof value === 'function' ||
      (typeof value === 'object' &&
        value !== null &&
        typeof (value as { decide?: unknown }).decide === 'function' &&
        typeof (value as { name?: unknown }).name === 'string'),
    { message: 'must be a routing policy, e.g. cascade({ classifier, tiers }) or fixed("alias"), or a function' },
  );

  const storeSchema = z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      ['reserve', 'settle', 'release', 'get', 'set', 'close'].every(
        (name) => typeof (value as Record<string, unknown>)[name] === 'function',
      ),
    { message: 'must be a Store, e.g. memoryStore(), redisStore({ url }) or postgresStore({ url })' },
  );

  const ledgerSchema = z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      ['write', 'spend', 'flush', 'close'].every(
        (name) => typeof (value as Record<string, unknown>)[name] === 'function',
      ),
    { message: 'must be a ledger, e.g. memoryLedger(), jsonlLedger({ path }) or postgresLedger({ url })' },
  );

  const configSchema = z
    .object({
      providers: z
        .record(z.string(), adapterSchema)
        .refine((p) => Object.keys(p).length > 0, 'configure at least one provider'),
      models: z
        .record(z.string(), modelSchema)
        .refine((m) => Object.keys(m).length > 0, 'configure at least one model alias'),
      prices: z.record(z.string(), priceOverrideSchema()).optional(),
      retry: retryOptionsSchema().optional(),
      defaults: z
        .object({
          maxOutputTokens: z.number().int().positive().optional(),
          timeoutMs: timerMs().optional(),
          streamIdleTimeoutMs: timerMs().optional(),
          imageTokens: z.number().int().positive().optional(),
        })
        .strict()
        .optional(),
      policy: policySchema.optional(),
      experiments: experimentsSchema().optional(),
      feedbackTtlMs: z.number().int().positive().optional(),
      store: storeSchema.optional(),
      budgets: budgetsSchema().optional(),
      onStoreError: z.enum(['fail-closed', 'fail-open']).optional(),
      responseCache: responseCacheSchema().optional(),
      ledger: ledgerSchema.optional(),
      rateLimits: rateLimitsSchema().optional(),
      alerts: ledgerAlertsSchema().optional(),
      telemetry: telemetryConfigSchema().optional(),
    })
    .strict();
  return { configSchema };
});

const configSchema = () => schemas().configSchema;

/**
 * Checks a router config: its shape (zod), then what zod cannot see — each alias names a configured
 * provider and each fallback names another alias. Throws `ConfigError` listing every problem.
 */
export function validateRouterConfig(config: unknown): RouterConfig {
  // The common config (providers and aliases only) is checked without zod; anything else by the schema.
  if (!isPlainConfig(config)) {
    const parsed = configSchema().safeParse(config);
    if (!parsed.success) throw new ConfigError(toValidationIssues(parsed.error));
  }
  const value = config as RouterConfig;
  const issues: ValidationIssue[] = [];
  const providers = Object.keys(value.providers);
  for (const [alias, model] of Object.entries(value.models)) {
    if (!Object.hasOwn(value.providers, model.provider)) {
      issues.push({
        path: `models.${alias}.provider`,
        message: `"${model.provider}" is not a configured provider (configured: ${providers.join(', ')})`,
      });
    }
    issues.push(...providerOptionsIssues(model.providerOptions, `models.${alias}.providerOptions`));
    (model.fallbacks ?? []).forEach((fallback, index) => {
      if (fallback === alias) {
        issues.push({ path: `models.${alias}.fallbacks[${index}]`, message: 'a model cannot fall back to itself' });
      } else if (!Object.hasOwn(value.models, fallback)) {
        issues.push({
          path: `models.${alias}.fallbacks[${index}]`,
          message: `"${fallback}" is not a configured model alias (configured: ${Object.keys(value.models).join(', ')})`,
        });
      }
    });
  }
  if (value.policy && typeof value.policy !== 'function') {
    for (const { path, alias } of value.policy.aliases ?? []) {
      if (!Object.hasOwn(value.models, alias)) {
        issues.push({
          path: `policy.${path}`,
          message: `"${alias}" is not a configured model alias (configured: ${Object.keys(value.models).join(', ')})`,
        });
      }
    }
  }
  for (const name of Object.keys(value.rateLimits ?? {})) {
    if (!Object.hasOwn(value.models, name) && !Object.hasOwn(value.providers, name)) {
      issues.push({
        path: `rateLimits.${name}`,
        message:
          `"${name}" is neither a model alias nor a provider (aliases: ${Object.keys(value.models).join(', ')}; ` +
          `providers: ${providers.join(', ')})`,
      });
    }
  }
  issues.push(...experimentIssues(value.experiments ?? [], Object.keys(value.models)));
  if (issues.length > 0) throw new ConfigError(issues);
  return value;
}

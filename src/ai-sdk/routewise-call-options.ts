import { lazySchema } from '../core/lazy-zod.js';
import { InvalidRequestError } from '../errors.js';
import type { RequestProviderOptions } from '../providers/spec/provider-options.js';
import type { RequestMetadata } from '../router/request.js';
import { toValidationIssues } from '../core/zod-issues.js';

/** What a call may set under `providerOptions.routewise` (per call, over the model's own options). */
export interface RoutewiseCallOptions {
  /** Tenant the call is made for (shorthand for `metadata.tenant`). */
  tenant?: string;
  /** End user the call is made for (shorthand for `metadata.user`). */
  user?: string;
  /** Product feature making the call (shorthand for `metadata.feature`). */
  feature?: string;
  /** Tags for budgets and reports, merged over the model's `metadata`. */
  metadata?: RequestMetadata;
  /** This call's budget, replacing the model's. */
  budget?: { maxUsd: number };
  /** Your id for this request (one is generated otherwise); `providerMetadata.routewise.requestId` echoes it. */
  requestId?: string;
  /** The response cache for this call: `false` skips it; `{ ttlMs }` marks it cacheable at any temperature. */
  responseCache?: false | { ttlMs?: number };
  /** Deadline of each attempt, in ms. */
  timeoutMs?: number;
  /** Routewise's own provider options (`openai`, `anthropic`, `google`, a host by name), passed to the router. */
  providerOptions?: RequestProviderOptions;
}

const schemas = lazySchema((z) => {
  const metadataSchema = z.strictObject({
    tenant: z.string().optional(),
    user: z.string().optional(),
    feature: z.string().optional(),
  });

  const callOptionsSchema = z.strictObject({
    tenant: z.string().optional(),
    user: z.string().optional(),
    feature: z.string().optional(),
    metadata: metadataSchema.optional(),
    budget: z.strictObject({ maxUsd: z.number() }).optional(),
    requestId: z.string().min(1).optional(),
    responseCache: z.union([z.literal(false), z.strictObject({ ttlMs: z.number().optional() })]).optional(),
    timeoutMs: z.number().optional(),
    // Checked field by field by the router, which knows each provider's options.
    providerOptions: z.record(z.string(), z.unknown()).optional(),
  });
  return { callOptionsSchema };
});

const callOptionsSchema = () => schemas().callOptionsSchema;

/** Reads `providerOptions.routewise`; a misspelt or mistyped field is an `InvalidRequestError` naming its path. */
export function parseRoutewiseCallOptions(value: unknown): RoutewiseCallOptions {
  if (value === undefined) return {};
  const parsed = callOptionsSchema().safeParse(value);
  if (!parsed.success) throw new InvalidRequestError(toValidationIssues(parsed.error, 'providerOptions.routewise'));
  return parsed.data as RoutewiseCallOptions;
}

import type { RequestProviderOptions } from '../spec/provider-options.js';

/**
 * The Messages body fields from a request's `providerOptions.anthropic`: `metadata.user_id`, `service_tier`,
 * `speed`, `inference_geo`, then `extraBody` as given. Reserved fields were refused when the request was validated.
 */
export function anthropicOptionFields(options: RequestProviderOptions | undefined): Record<string, unknown> {
  const option = options?.anthropic;
  if (!option) return {};
  const fields: Record<string, unknown> = {};
  if (option.userId !== undefined) fields.metadata = { user_id: option.userId };
  if (option.serviceTier !== undefined) fields.service_tier = option.serviceTier;
  if (option.speed !== undefined) fields.speed = option.speed;
  if (option.inferenceGeo !== undefined) fields.inference_geo = option.inferenceGeo;
  return Object.assign(fields, option.extraBody);
}

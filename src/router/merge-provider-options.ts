import type { RequestProviderOptions } from '../providers/spec/provider-options.js';

/**
 * A model alias's provider options with the request's on top: per provider, the request's fields win and the two
 * `extraBody` objects are merged the same way. Undefined when neither has any.
 */
export function mergeProviderOptions(
  model: RequestProviderOptions | undefined,
  request: RequestProviderOptions | undefined,
): RequestProviderOptions | undefined {
  if (!model) return request;
  if (!request) return model;
  const merged: RequestProviderOptions = { ...model };
  for (const [provider, options] of Object.entries(request)) {
    const base = model[provider] as Record<string, unknown> | undefined;
    if (!base || !options) {
      merged[provider] = options;
      continue;
    }
    const extraBody = { ...(base.extraBody as object | undefined), ...(options.extraBody as object | undefined) };
    merged[provider] = { ...base, ...options, ...(Object.keys(extraBody).length > 0 ? { extraBody } : {}) };
  }
  return merged;
}

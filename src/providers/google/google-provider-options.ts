import type { GenerateContentConfig } from '@google/genai';
import type { RequestProviderOptions } from '../spec/provider-options.js';

/**
 * The `generateContent` config fields from a request's `providerOptions.google`: typed fields as config fields
 * (the SDK moves them into `generationConfig`), `extraBody` as `httpOptions.extraBody`, which the SDK deep-merges
 * into the JSON body (unknown config fields would be dropped by the SDK's own conversion). Reserved fields were
 * refused when the request was validated.
 */
export function googleOptionFields(options: RequestProviderOptions | undefined): Partial<GenerateContentConfig> {
  const option = options?.google;
  if (!option) return {};
  const { extraBody, ...typed } = option;
  const fields: Partial<GenerateContentConfig> = {};
  for (const [key, value] of Object.entries(typed)) {
    if (value !== undefined) (fields as Record<string, unknown>)[key] = value;
  }
  if (extraBody) fields.httpOptions = { extraBody };
  return fields;
}

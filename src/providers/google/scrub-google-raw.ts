import type { GenerateContentResponse } from '@google/genai';
import { scrubSecrets } from '../shared/scrub-secrets.js';

/**
 * The SDK response kept as `raw`, without secrets: its `sdkHttpResponse.headers` (which a proxy may make echo the
 * key or an `Authorization` value) lose the key and anything key-shaped; the body loses the key verbatim only, since
 * the answer itself may hold key-shaped text on purpose.
 */
export function scrubGoogleRaw<T extends GenerateContentResponse | undefined>(
  response: T,
  apiKey: string | undefined,
): T {
  if (!response) return response;
  if (response.sdkHttpResponse) scrubSecrets(response.sdkHttpResponse, [apiKey]);
  return scrubSecrets(response, [apiKey], { keyShapes: false });
}

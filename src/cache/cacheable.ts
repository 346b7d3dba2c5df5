// Which requests the response caches may answer. A cached answer is only right when asking again would give the same
// answer: a deterministic request (temperature 0), or one the caller marks cacheable. Never a request carrying tool
// results (their outcome depends on the world at call time), never one that opts out.
import type { RouterRequest } from '../router/request.js';
import type { RequestResponseCache } from './response-cache-config.js';

/** A router request with its per-request cache control. */
export type CacheableRequest = RouterRequest & { responseCache?: RequestResponseCache };

/**
 * Why a request is not cacheable, or undefined when it is. The rule: `responseCache: false` never; a request with a
 * `tool` message (a tool result) never; otherwise `temperature: 0`, or `responseCache: { ttlMs? }` set explicitly.
 * An unset temperature is not cacheable (every provider defaults to sampling at a temperature near 1).
 */
export function notCacheableReason(request: CacheableRequest): string | undefined {
  if (request.responseCache === false) return 'responseCache: false';
  if (request.messages.some((message) => message.role === 'tool')) return 'the request carries tool results';
  if (request.responseCache !== undefined) return undefined;
  if (request.temperature === 0) return undefined;
  return 'temperature is not 0 and the request is not marked cacheable (responseCache: { ttlMs })';
}

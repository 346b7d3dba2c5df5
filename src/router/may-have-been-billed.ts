import type { ProviderError } from '../errors.js';

/** Socket errors raised before a request could reach the provider: nothing was sent, so nothing was billed. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Whether a failed attempt that reported no usage may still have been billed: the provider may have received the
 * request and run it to the end while the answer was lost on the way back (a timeout, a reset or cut socket, a
 * stream cut before its usage, a body that could not be read). Such an attempt is charged at its worst case, never
 * as free. An HTTP error status, a refused connection, a failed DNS lookup or TLS handshake, a caller's abort and an
 * SDK error before sending are not.
 */
export function mayHaveBeenBilled(error: ProviderError): boolean {
  switch (error.kind) {
    case 'timeout':
    case 'stream-interrupted':
    case 'malformed-response':
      return true;
    case 'connection':
      return !neverSent(error.cause);
    default:
      return false;
  }
}

/** Whether the cause chain (and any aggregated errors in it) names a connect-phase failure. */
function neverSent(cause: unknown, depth = 0): boolean {
  if (typeof cause !== 'object' || cause === null || depth > 8) return false;
  const { code, errors } = cause as { code?: unknown; errors?: unknown };
  if (typeof code === 'string' && NEVER_SENT_CODES.has(code)) return true;
  if (Array.isArray(errors) && errors.some((inner) => neverSent(inner, depth + 1))) return true;
  return neverSent((cause as { cause?: unknown }).cause, depth + 1);
}

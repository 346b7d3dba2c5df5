import { isNodeFetch, noTimeoutDispatcher } from '../shared/no-timeout-dispatcher.js';

/** The `fetch` signature `@google/genai` takes in `httpOptions.fetch`. */
export type GoogleFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/**
 * The `fetch` of one Google call. The SDK's `ApiError` keeps only the status and the body, so the `Retry-After`
 * header of a 429 or 503 would be lost: this fetch keeps an error response's headers on `keep.errorHeaders` before
 * the SDK reads the response. It sends through the client's own `fetch` when it was built with one, else through
 * the global `fetch` (looked up per call, as the SDK does) with undici's 300 s timeouts off, as the SDK does itself
 * when no `fetch` is passed (passing one turns its own no-timeout dispatcher off).
 */
export function googleCallFetch(client: object, keep: { errorHeaders?: Headers }): GoogleFetch {
  const clientFetch = clientFetchOf(client);
  return async (input, init) => {
    let response: Response;
    if (clientFetch) response = await clientFetch(input, init);
    else if (isNodeFetch && !(init && 'dispatcher' in init)) {
      response = await globalThis.fetch(input, { ...init, dispatcher: noTimeoutDispatcher } as RequestInit);
    } else response = await globalThis.fetch(input, init);
    if (!response.ok) keep.errorHeaders = response.headers;
    return response;
  };
}

/** The `fetch` a client was built with (`httpOptions.fetch`), kept on a field the SDK's types mark private. */
function clientFetchOf(client: object): GoogleFetch | undefined {
  const fetch = (client as { httpOptions?: { fetch?: unknown } }).httpOptions?.fetch;
  return typeof fetch === 'function' ? (fetch as GoogleFetch) : undefined;
}

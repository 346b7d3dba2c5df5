/** The key under which Node's built-in fetch (undici) keeps its global dispatcher. */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** The part of an undici dispatcher that `fetch` calls. */
interface Dispatcher {
  dispatch(options: Record<string, unknown>, handler: unknown): boolean;
}

/**
 * A dispatcher for Node's built-in `fetch` that sends through the global dispatcher (so a proxy set with
 * `setGlobalDispatcher` still applies) with undici's own `headersTimeout` and `bodyTimeout` switched off.
 *
 * Those default to 300 s: without this, a call that sends nothing for 5 minutes — a long non-streamed reasoning
 * call, a stalled server — ends at 300 s whatever `timeoutMs` says (measured on Node 20.20: a stalled OpenAI or
 * Anthropic call failed at 302 s with `timeoutMs` 600000). The router's attempt deadline and stream idle timeout
 * bound the call instead. `@google/genai` does the same for its own requests.
 */
export const noTimeoutDispatcher: Dispatcher = {
  dispatch(options, handler) {
    let global = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
    if (!global) {
      // Node sets the global dispatcher up when its fetch is first loaded; touching `Headers` loads it.
      new Headers();
      global = (globalThis as Record<symbol, Dispatcher | undefined>)[GLOBAL_DISPATCHER];
    }
    if (!global) throw new Error('Node fetch has no global dispatcher');
    // `fetch` builds these options afresh for each dispatch, so they are set in place: a spread copy per request
    // cost ~1–2% of a local round trip (its new shape slows undici's reads of it downstream).
    options.headersTimeout = 0;
    options.bodyTimeout = 0;
    return global.dispatch(options, handler);
  },
};

/** Whether this runtime's `fetch` is Node's undici (where a `dispatcher` request option applies). */
export const isNodeFetch = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

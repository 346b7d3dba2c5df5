import { redact, redactKnownSecrets } from './redact.js';

/** How deep and how wide a scrub walks: enough for any SDK error or response, bounded for a pathological graph. */
const MAX_DEPTH = 32;
const MAX_NODES = 20_000;

/** What `scrubSecrets` replaces in each string it reaches. */
export interface ScrubOptions {
  /**
   * Also replace anything shaped like a provider key (`sk-…`, `sk-ant-…`, `AIza…`, `Bearer …`), not only the given
   * secrets. On by default; off for a response body, whose answer text may hold key-shaped strings on purpose.
   */
  keyShapes?: boolean;
}

/**
 * Strips secrets from every string reachable from `value`, in place: an error's message, stack and cause chain,
 * every own property (an SDK error keeps the response body, its `param` and its headers), nested objects and arrays,
 * and `Headers` (replaced by a scrubbed copy, since a fetch response's headers are immutable). A 401 from a
 * misconfigured proxy may echo the key anywhere, and `console.error(err)` prints all of it.
 *
 * Returns `value` itself, or a replacement when `value` is a string or a `Headers`. Accessors are not invoked and
 * frozen properties are left as they are.
 */
export function scrubSecrets<T>(value: T, secrets: ReadonlyArray<string | undefined>, options: ScrubOptions = {}): T {
  const keyShapes = options.keyShapes !== false;
  if (!keyShapes) {
    // The per-call path (every response body): a cheap read-only search first; the walk only runs on a hit.
    const known = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
    if (known.length === 0 || !mentions(value, known, 0)) return value;
  }
  const clean = keyShapes
    ? (text: string) => redact(text, secrets)
    : (text: string) => redactKnownSecrets(text, secrets);
  const seen = new WeakSet<object>();
  let nodes = 0;

  const walk = (item: unknown, depth: number): unknown => {
    if (typeof item === 'string') return clean(item);
    if (typeof item !== 'object' || item === null) return item;
    if (depth > MAX_DEPTH || nodes++ > MAX_NODES || seen.has(item)) return item;
    seen.add(item);
    if (item instanceof Headers) return scrubHeaders(item, clean);
    if (isOpaque(item)) return item;
    if (item instanceof Map) {
      for (const [key, entry] of item) {
        const after = walk(entry, depth + 1);
        if (after !== entry) item.set(key, after);
      }
      return item;
    }
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Object.getOwnPropertyDescriptor(item, key);
      if (!descriptor || !('value' in descriptor) || typeof descriptor.value === 'function') continue;
      const after = walk(descriptor.value, depth + 1);
      if (after === descriptor.value) continue;
      try {
        if (descriptor.writable) (item as Record<PropertyKey, unknown>)[key] = after;
        else if (descriptor.configurable) Object.defineProperty(item, key, { ...descriptor, value: after });
      } catch {
        // A frozen object: nothing can be changed; our own messages are redacted where they are built.
      }
    }
    return item;
  };
  return walk(value, 0) as T;
}

/** Whether any string reachable from `item` (own enumerable values, `Headers` values) holds one of `secrets`. */
function mentions(item: unknown, secrets: string[], depth: number): boolean {
  if (typeof item === 'string') {
    for (const secret of secrets) if (item.includes(secret)) return true;
    return false;
  }
  if (typeof item !== 'object' || item === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(item)) {
    for (let i = 0; i < item.length; i++) if (mentions(item[i], secrets, depth + 1)) return true;
    return false;
  }
  if (item instanceof Headers) {
    let found = false;
    item.forEach((value) => {
      found ||= mentions(value, secrets, 0);
    });
    return found;
  }
  const keys = Object.keys(item);
  for (let i = 0; i < keys.length; i++) {
    if (mentions((item as Record<string, unknown>)[keys[i] as string], secrets, depth + 1)) return true;
  }
  return false;
}

/** Binary data, dates, patterns and promises hold no text worth walking. */
function isOpaque(item: object): boolean {
  return (
    ArrayBuffer.isView(item) ||
    item instanceof ArrayBuffer ||
    item instanceof Date ||
    item instanceof RegExp ||
    item instanceof Promise
  );
}

function scrubHeaders(headers: Headers, clean: (text: string) => string): Headers {
  let changed = false;
  const entries: Array<[string, string]> = [];
  headers.forEach((value, name) => {
    const after = clean(value);
    if (after !== value) changed = true;
    entries.push([name, after]);
  });
  return changed ? new Headers(entries) : headers;
}

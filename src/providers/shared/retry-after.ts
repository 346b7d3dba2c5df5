/** Minimal view of a web `Headers` object (what the SDK errors expose). */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * The delay a provider asked for, in milliseconds: `retry-after-ms` first, then `retry-after`
 * (seconds or an HTTP date). Undefined when neither is present or parseable.
 */
export function retryAfterMs(headers: HeaderReader | undefined | null, now: number = Date.now()): number | undefined {
  if (!headers || typeof headers.get !== 'function') return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const value = Number(ms);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Whether an HTTP status is worth retrying: 408, 409, 429, 5xx (529 included). Never 400/401/403/404. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

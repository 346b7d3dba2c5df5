// Process warnings for background writes that fail (experiment statistics, requests remembered for feedback): a
// store that is down fails every request's write, and one warning per request would flood the log.

/** How long after a warning of one kind the same kind stays quiet (failures are counted and reported next). */
export const WARNING_INTERVAL_MS = 60_000;

/**
 * Returns `warn(what)`, a handler for a failed write of kind `what`: the first failure warns at once, later ones
 * at most once per `intervalMs` per kind, saying how many were not reported in between.
 */
export function throttledWarnings(
  intervalMs = WARNING_INTERVAL_MS,
  emit: (message: string) => void = (message) => process.emitWarning(message),
  now: () => number = Date.now,
): (what: string) => (error: unknown) => void {
  const state = new Map<string, { last: number; quiet: number }>();
  return (what) => (error) => {
    const t = now();
    const seen = state.get(what);
    if (seen && t - seen.last < intervalMs) {
      seen.quiet += 1;
      return;
    }
    const more = seen && seen.quiet > 0 ? ` (and ${seen.quiet} more since the last warning)` : '';
    state.set(what, { last: t, quiet: 0 });
    emit(`routewise: ${what}${more}: ${String(error)}`);
  };
}

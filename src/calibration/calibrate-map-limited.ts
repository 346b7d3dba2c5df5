/** How many calibration rows an asynchronous classifier or predictor scores at once, unless told otherwise. */
export const DEFAULT_CALIBRATION_CONCURRENCY = 8;

/**
 * Maps `items` through `fn` (sync or async) with at most `limit` calls in flight, keeping order. After the first
 * failure no new call starts (a paid classifier must not keep spending on a calibration that has already failed);
 * the failure is rethrown once the calls in flight settle.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => R | Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejection = settled.find((outcome) => outcome.status === 'rejected');
  if (rejection) throw (rejection as PromiseRejectedResult).reason;
  return results;
}

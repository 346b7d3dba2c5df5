import { lazySchema } from '../core/lazy-zod.js';

/** The longest delay a Node timer accepts (2^31 − 1 ms, about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

const schemas = lazySchema((z) => {
  const timerMs = z.number().int().positive().max(MAX_TIMER_MS, 'must be at most 2147483647 (about 24.8 days)');
  return { timerMs };
});

/** Zod schema of a timeout in ms: a positive integer a timer can hold. */
export const timerMs = () => schemas().timerMs;

import type { AttemptRecord } from '../core/attempt-record.js';

export type { AttemptRecord } from '../core/attempt-record.js';

/** Sum of the attempts' costs. */
export function totalCostUsd(attempts: ReadonlyArray<AttemptRecord>): number {
  let sum = 0;
  for (const attempt of attempts) sum += attempt.costUsd;
  return sum;
}

import { RoutewiseError } from '../errors.js';
import type { AttemptRecord } from '../router/attempt.js';

/** A classifier model answered, but not with a usable rating. The call was still paid: its cost is on the error. */
export class ClassifierOutputError extends RoutewiseError {
  /** The model's answer. */
  readonly answer: string;
  /** What the classifier call cost in USD (every attempt). */
  readonly costUsd: number;
  /** Every attempt of the classifier call, as charged. */
  readonly attempts: AttemptRecord[];
  constructor(classifier: string, answer: string, costUsd: number, attempts: AttemptRecord[]) {
    const shown = answer.length > 80 ? `${answer.slice(0, 80)}…` : answer;
    super(`${classifier}: expected one rating from 1 to 10, got ${JSON.stringify(shown)}`);
    this.answer = answer;
    this.costUsd = costUsd;
    this.attempts = attempts;
  }
}

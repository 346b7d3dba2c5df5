import { RoutewiseError } from '../errors.js';

/** Bad evaluator input: a missing path, an unknown format, a missing or malformed column. One line, says what to fix. */
export class EvalInputError extends RoutewiseError {
  constructor(message: string) {
    super(message);
    this.name = 'EvalInputError';
  }
}

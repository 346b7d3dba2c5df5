import { InvalidRequestError } from '../errors.js';

/**
 * A Chat Completions parameter `router.openai` cannot honour (`n > 1`, `logprobs`, `audio`, …). Refused rather than
 * dropped, so a call never quietly behaves differently from the one written against the `openai` SDK. Carries the
 * fields an `openai` SDK `BadRequestError` has (`status`, `param`, `code`, `type`), so handlers written for it still read.
 */
export class UnsupportedParameterError extends InvalidRequestError {
  /** The parameter's path, e.g. `n` or `messages[2].content[0].type`. */
  readonly param: string;
  /** 400, as the API answers an invalid parameter. */
  readonly status = 400;
  /** Always `unsupported_parameter`. */
  readonly code = 'unsupported_parameter';
  /** Always `invalid_request_error`. */
  readonly type = 'invalid_request_error';
  constructor(param: string, reason: string) {
    super([{ path: param, message: `is not supported by router.openai: ${reason}` }]);
    this.param = param;
  }
}

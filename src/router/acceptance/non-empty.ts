import { type AcceptanceCheck, defineCheck } from './acceptance-check.js';

/** Options of `nonEmpty()`. */
export interface NonEmptyOptions {
  /** Accept an answer cut off by its output cap (finish reason `length`). Default false. */
  allowTruncated?: boolean;
}

/**
 * Rejects an answer with no visible text and no tool calls, and (unless `allowTruncated`) one cut off by its
 * output cap: an empty or unfinished answer is not an answer.
 */
export function nonEmpty(options: NonEmptyOptions = {}): AcceptanceCheck {
  return defineCheck('nonEmpty', (answer) => {
    if (answer.finishReason === 'length' && !options.allowTruncated) {
      return { accept: false, reason: 'the answer was cut off at its output cap (finish reason length)' };
    }
    if (answer.text.trim() === '' && answer.toolCalls.length === 0) {
      return { accept: false, reason: `the answer is empty (finish reason ${answer.finishReason})` };
    }
    return { accept: true, reason: `${answer.text.trim().length} characters of text` };
  });
}

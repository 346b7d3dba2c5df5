import type { CallOptions } from '../spec/request.js';

/** The router's deadline hook (`CallOptions.onDeadline`) offered to a non-streamed call. */
export type DeadlineHook = NonNullable<CallOptions['onDeadline']>;

/**
 * The deadline hook a non-streamed SDK call may use instead of `signal`, or undefined when it must read `signal`.
 * Usable only with `timeoutMs`, which the adapter hands to its SDK as `timeout`: the SDK then ends a call that waits
 * too long for headers by itself, and the hook stops the body read. Not for streams (their idle limit needs `signal`).
 */
export function deadlineHook(options: CallOptions | undefined): DeadlineHook | undefined {
  return options?.onDeadline !== undefined && options.timeoutMs !== undefined ? options.onDeadline : undefined;
}

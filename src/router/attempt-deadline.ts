/** Why the router cut an attempt short: its whole-attempt deadline or a stream's idle limit ran out. */
export class AttemptTimeout extends Error {
  /** The setting that ran out. */
  readonly setting: 'timeoutMs' | 'streamIdleTimeoutMs';
  /** Its value, in ms. */
  readonly ms: number;
  constructor(setting: 'timeoutMs' | 'streamIdleTimeoutMs', ms: number) {
    super(
      setting === 'timeoutMs'
        ? `timed out after ${ms} ms (timeoutMs)`
        : `no event from the provider for ${ms} ms (streamIdleTimeoutMs)`,
    );
    this.name = 'AttemptTimeout';
    this.setting = setting;
    this.ms = ms;
  }
}

/**
 * How long an aborted call may take to settle by itself before the router stops waiting for it. An adapter that
 * handles the abort settles within a few ticks, with what it knows (the usage reported so far, the request id); one
 * that does not (an SDK or a custom `fetch` that leaves a body read pending) must not keep the attempt open.
 */
export const ABORT_GRACE_MS = 100;

/** The abort signal of one attempt, with its timers. */
export interface AttemptDeadline {
  /** Aborts when the caller's signal does, when `timeoutMs` has passed, or when a stream has been idle too long. */
  readonly signal: AbortSignal;
  /** Marks a sign of life from the provider: restarts the idle clock (a no-op without an idle limit). */
  touch(): void;
  /**
   * Settles with `promise`; once the signal has aborted, rejects with the abort reason if `promise` has not settled
   * within `ABORT_GRACE_MS`, so that an adapter that ignores the abort cannot keep the attempt pending.
   */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Clears the timers and unlinks the caller's signal; call it once the attempt has settled. */
  dispose(): void;
}

/**
 * Starts the deadline of one attempt. The SDKs' own `timeout` stops at the response headers, so a body that
 * trickles (SSE comments, whitespace, Anthropic's `ping`s) could keep an attempt open forever; this deadline covers
 * the whole attempt, body included. With `idleTimeoutMs` it also aborts once no provider event has arrived for that
 * long. The abort reason is an `AttemptTimeout`, which tells a deadline apart from the caller's own abort.
 */
export function startAttemptDeadline(
  parent: AbortSignal | undefined,
  timeoutMs: number,
  idleTimeoutMs?: number,
): AttemptDeadline {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });

  const total = setTimeout(() => controller.abort(new AttemptTimeout('timeoutMs', timeoutMs)), timeoutMs);
  let idle: ReturnType<typeof setTimeout> | undefined;
  // `touch` runs on every stream event, so it only stamps the time; the timer re-arms itself for what is left.
  let lastEvent = Date.now();
  const checkIdle = () => {
    const quiet = Date.now() - lastEvent;
    if (quiet >= (idleTimeoutMs as number))
      controller.abort(new AttemptTimeout('streamIdleTimeoutMs', idleTimeoutMs as number));
    else idle = setTimeout(checkIdle, (idleTimeoutMs as number) - quiet);
  };
  if (idleTimeoutMs !== undefined && idleTimeoutMs < timeoutMs) idle = setTimeout(checkIdle, idleTimeoutMs);

  const waiting = new Set<(reason: unknown) => void>();
  let grace: ReturnType<typeof setTimeout> | undefined;
  const abandon = () => {
    for (const reject of waiting) reject(controller.signal.reason);
    waiting.clear();
  };
  controller.signal.addEventListener('abort', () => {
    grace = setTimeout(abandon, ABORT_GRACE_MS);
  });
  const race = <T>(promise: Promise<T>): Promise<T> => {
    return new Promise<T>((resolve, reject) => {
      waiting.add(reject);
      promise.then(
        (value) => {
          waiting.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          waiting.delete(reject);
          reject(error);
        },
      );
    });
  };

  return {
    signal: controller.signal,
    race,
    touch: () => {
      lastEvent = Date.now();
    },
    dispose: () => {
      clearTimeout(total);
      clearTimeout(idle);
      clearTimeout(grace);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

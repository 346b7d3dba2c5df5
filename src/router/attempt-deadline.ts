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
  /**
   * Aborts when the caller's signal does, when `timeoutMs` has passed, or when a stream has been idle too long. Built
   * on first read (an `AbortSignal` costs ~2–3 µs on Node 20); read after the abort, it is already aborted.
   */
  readonly signal: AbortSignal;
  /** Whether the attempt has been aborted (without building `signal`). */
  readonly aborted: boolean;
  /** The abort reason, once aborted. */
  readonly reason: unknown;
  /** Marks a sign of life from the provider: restarts the idle clock (a no-op without an idle limit). */
  touch(): void;
  /**
   * Registers `stop` to run once when the attempt is aborted (at once if it already is): `CallOptions.onDeadline`,
   * for an adapter that stops its call without reading `signal`. Bound: it may be called detached.
   */
  readonly onAbort: (stop: (reason: unknown) => void) => void;
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
  return new Deadline(parent, timeoutMs, idleTimeoutMs);
}

const doNothing = () => {};

/**
 * One attempt's deadline. It runs on every call, so it is a class (no closures per attempt), it listens to the
 * caller's signal only when there is one, it builds its `AbortController` only when something reads `signal` or it
 * aborts, and it starts the grace timer itself when it aborts rather than listening to its own signal. Timers get
 * the deadline as an argument instead of a closure.
 */
class Deadline implements AttemptDeadline {
  readonly touch: () => void;
  private controller: AbortController | undefined;
  private readonly parent: AbortSignal | undefined;
  private readonly onParentAbort: (() => void) | undefined;
  private readonly total: ReturnType<typeof setTimeout>;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private grace: ReturnType<typeof setTimeout> | undefined;
  /** The rejecters of the promises `race` is waiting on (settled ones included: rejecting those is a no-op). */
  private waiting: Array<(reason: unknown) => void> | undefined;
  /** What `onAbort` registered (an adapter's way to stop reading a body). */
  private stops: Array<(reason: unknown) => void> | undefined;
  private lastEvent = 0;
  aborted = false;
  reason: unknown = undefined;

  constructor(
    parent: AbortSignal | undefined,
    readonly timeoutMs: number,
    readonly idleTimeoutMs: number | undefined,
  ) {
    this.parent = parent;
    if (parent?.aborted) this.abort(parent.reason);
    else if (parent) {
      this.onParentAbort = () => this.abort(parent.reason);
      parent.addEventListener('abort', this.onParentAbort, { once: true });
    }
    keepTimerListFor(timeoutMs);
    this.total = setTimeout(onTotalTimeout, timeoutMs, this);
    if (idleTimeoutMs !== undefined) {
      // `touch` runs on every stream event, so it only stamps the time; the timer re-arms itself for what is left.
      this.lastEvent = Date.now();
      this.touch = () => {
        this.lastEvent = Date.now();
      };
      if (idleTimeoutMs < timeoutMs) this.idle = setTimeout(onIdleCheck, idleTimeoutMs, this);
    } else this.touch = doNothing;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    const stops = this.stops;
    this.stops = undefined;
    for (const stop of stops ?? []) stop(reason);
    this.grace = setTimeout(abandon, ABORT_GRACE_MS, this);
  }

  readonly onAbort = (stop: (reason: unknown) => void): void => {
    if (this.aborted) stop(this.reason);
    else {
      this.stops ??= [];
      this.stops.push(stop);
    }
  };

  checkIdle(): void {
    const limit = this.idleTimeoutMs as number;
    const quiet = Date.now() - this.lastEvent;
    if (quiet >= limit) this.abort(new AttemptTimeout('streamIdleTimeoutMs', limit));
    else this.idle = setTimeout(onIdleCheck, limit - quiet, this);
  }

  abandon(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    for (const reject of waiting ?? []) reject(this.reason);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting ??= [];
      this.waiting.push(reject);
      promise.then(resolve, reject);
    });
  }

  dispose(): void {
    clearTimeout(this.total);
    clearTimeout(this.idle);
    clearTimeout(this.grace);
    this.waiting = undefined;
    this.stops = undefined;
    if (this.onParentAbort) this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}

function onTotalTimeout(deadline: Deadline): void {
  deadline.abort(new AttemptTimeout('timeoutMs', deadline.timeoutMs));
}

function onIdleCheck(deadline: Deadline): void {
  deadline.checkIdle();
}

function abandon(deadline: Deadline): void {
  deadline.abandon();
}

/** One idle timer per deadline length in use (see `keepTimerListFor`), dropped when it fires. */
const anchors = new Map<number, ReturnType<typeof setTimeout>>();

/**
 * Keeps Node's timer list for `ms` alive between attempts. Node keeps one list per timer length and deletes it when
 * its last timer is cleared, so an attempt's deadline (and the SDK's own timeout of the same length, which joins that
 * list) would build a list, insert it in the timer queue and reschedule libuv's timer on every call, and tear it all
 * down after: several µs a call on a cold path. An unref'd no-op timer of the same length keeps the list in place
 * without keeping the process alive; it is made again once it fires. Deadlines themselves are unchanged.
 */
function keepTimerListFor(ms: number): void {
  if (anchors.has(ms)) return;
  // Request timeouts may be anything: keep at most a few lengths.
  if (anchors.size >= 16) {
    for (const timer of anchors.values()) clearTimeout(timer);
    anchors.clear();
  }
  const anchor = setTimeout(dropAnchor, ms, ms);
  anchor.unref?.();
  anchors.set(ms, anchor);
}

function dropAnchor(ms: number): void {
  anchors.delete(ms);
}

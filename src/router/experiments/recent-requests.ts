/** How many recent request ids `router.feedback` can still attribute to an arm. */
export const FEEDBACK_WINDOW = 50_000;

/**
 * A bounded map of recent request ids to what they were assigned: when full, the oldest entry goes. A Map keeps
 * insertion order, so the oldest is its first key.
 */
export class RecentRequests<Value> {
  private readonly entries = new Map<string, Value>();

  constructor(private readonly capacity: number = FEEDBACK_WINDOW) {}

  /** Remembers a request id (a repeated id moves to the newest end). */
  set(requestId: string, value: Value): void {
    this.entries.delete(requestId);
    this.entries.set(requestId, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** What a request id was assigned, if it is still remembered. */
  get(requestId: string): Value | undefined {
    return this.entries.get(requestId);
  }

  /** Forgets a request id; true when it was remembered. */
  delete(requestId: string): boolean {
    return this.entries.delete(requestId);
  }

  /** How many ids are remembered. */
  get size(): number {
    return this.entries.size;
  }
}

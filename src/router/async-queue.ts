/** A single-consumer async queue: the producer pushes, the consumer iterates; ends or fails once. */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  private done = false;
  private failure: { error: unknown } | undefined;

  /** `onLeave` runs when the consumer stops early (a `break` out of `for await`); `return()` awaits it. */
  constructor(private readonly onLeave?: () => Promise<void>) {}

  /** Adds an item (ignored after `end` or `fail`). */
  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const waiter = this.waiting;
      this.waiting = undefined;
      waiter.resolve({ value: item, done: false });
    } else this.items.push(item);
  }

  /** Ends the queue after the items already pushed. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = undefined;
  }

  /** Fails the queue: the consumer gets the error after the items already pushed. */
  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.failure = { error };
    this.waiting?.reject(error);
    this.waiting = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.failure) return Promise.reject(this.failure.error);
        if (this.done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: async () => {
        const early = !this.done;
        this.items.length = 0;
        this.end();
        if (early) await this.onLeave?.();
        return { value: undefined, done: true };
      },
    };
  }
}

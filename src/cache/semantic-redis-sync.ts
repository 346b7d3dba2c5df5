// Shares semantic entries across instances through Redis: each new entry (vector, bucket, where its answer lives,
// expiry) is appended to a Redis stream, and every instance follows the stream into its own in-memory index, so an
// answer cached by one instance is served by all. Redis 7.0 has no vector search, so matching stays in memory.
import type { Redis } from 'ioredis';

/** An entry as it travels between instances. */
export interface SharedEntry {
  readonly id: string;
  readonly bucket: string;
  readonly answerKey: string;
  readonly vector: Float32Array;
  /** Epoch ms after which the entry is dead. */
  readonly expiresAt: number;
}

/** An entry evicted by feedback, as it travels between instances: gone from every index, its bucket's bar raised. */
export interface SharedEviction {
  readonly id: string;
  readonly bucket: string;
  /** The similarity the bucket's matches must now exceed. */
  readonly raiseTo: number;
}

/** One instance's link to the shared stream. */
export interface SemanticSync {
  /** Appends an entry for every instance (this one included). */
  publish(entry: SharedEntry, ttlMs: number): Promise<void>;
  /**
   * Appends an eviction for every instance (this one included), after the entries it evicts: an instance that follows
   * the stream later (a restart) replays both, so an entry evicted once is not served again by any instance.
   */
  publishEviction(eviction: SharedEviction, ttlMs: number): Promise<void>;
  /** Stops following and closes the reading connection. */
  close(): Promise<void>;
}

const toBase64 = (vector: Float32Array) =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Follows `<prefix>:cache:v1:semantic-stream` from its start (existing live entries first), calling `onEntry` for an
 * entry (field `e`) and `onEviction` for an eviction (field `x`).
 */
export function redisSemanticSync(
  client: Redis,
  prefix: string,
  maxEntries: number,
  onEntry: (entry: SharedEntry) => void,
  onEviction: (eviction: SharedEviction) => void = () => {},
): SemanticSync {
  const key = `${prefix}:cache:v1:semantic-stream`;
  // XREAD BLOCK holds its connection, so the follower gets its own.
  const reader = client.duplicate({ lazyConnect: false, maxRetriesPerRequest: null });
  let stopped = false;
  let lastId = '0';

  async function follow(): Promise<void> {
    while (!stopped) {
      try {
        const batch = (await reader.xread('COUNT', 500, 'BLOCK', 1000, 'STREAMS', key, lastId)) as
          | [string, [string, string[]][]][]
          | null;
        for (const [, messages] of batch ?? []) {
          for (const [id, fields] of messages) {
            lastId = id;
            const raw = fields[1];
            if (raw === undefined) continue;
            if (fields[0] === 'x') {
              onEviction(JSON.parse(raw) as SharedEviction);
              continue;
            }
            const parsed = JSON.parse(raw) as Omit<SharedEntry, 'vector'> & { vector: string };
            if (parsed.expiresAt <= Date.now()) continue;
            onEntry({ ...parsed, vector: fromBase64(parsed.vector) });
          }
        }
      } catch {
        if (stopped) return;
        // A dropped connection: ioredis reconnects; wait a moment rather than spin.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
  const following = follow();

  /** Appends one message. The stream is bounded like the index and has a TTL: set when it has none, only ever lengthened after. */
  async function append(field: 'e' | 'x', body: string, ttlMs: number): Promise<void> {
    await client
      .multi()
      .xadd(key, 'MAXLEN', '~', String(maxEntries), '*', field, body)
      .pexpire(key, ttlMs, 'NX')
      .pexpire(key, ttlMs, 'GT')
      .exec();
  }

  return {
    publish: (entry, ttlMs) => append('e', JSON.stringify({ ...entry, vector: toBase64(entry.vector) }), ttlMs),
    publishEviction: (eviction, ttlMs) => append('x', JSON.stringify(eviction), ttlMs),
    async close() {
      stopped = true;
      reader.disconnect();
      await following;
    },
  };
}

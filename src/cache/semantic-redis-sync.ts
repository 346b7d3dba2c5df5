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

/** One instance's link to the shared stream. */
export interface SemanticSync {
  /** Appends an entry for every instance (this one included). */
  publish(entry: SharedEntry, ttlMs: number): Promise<void>;
  /** Stops following and closes the reading connection. */
  close(): Promise<void>;
}

const toBase64 = (vector: Float32Array) =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
function fromBase64(text: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Follows `<prefix>:cache:v1:semantic-stream` from its start (existing live entries first), calling `onEntry`. */
export function redisSemanticSync(
  client: Redis,
  prefix: string,
  maxEntries: number,
  onEntry: (entry: SharedEntry) => void,
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

  return {
    async publish(entry, ttlMs) {
      const body = JSON.stringify({ ...entry, vector: toBase64(entry.vector) });
      // The stream is bounded like the index and has a TTL: set when it has none, only ever lengthened after.
      await client
        .multi()
        .xadd(key, 'MAXLEN', '~', String(maxEntries), '*', 'e', body)
        .pexpire(key, ttlMs, 'NX')
        .pexpire(key, ttlMs, 'GT')
        .exec();
    },
    async close() {
      stopped = true;
      reader.disconnect();
      await following;
    },
  };
}

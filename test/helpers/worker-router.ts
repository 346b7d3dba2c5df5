// The side of spawnWorker that runs in the child: what every worker fixture reads from its parent test and the
// router parts they all share.
import { basename } from 'node:path';
import { openai, type RouterConfig, redisStore } from '../../src/index.js';

/** A setting the parent test passes in the environment; a worker started without it fails saying which. */
export function workerEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${basename(process.argv[1] ?? 'worker', '.ts')}: ${name} is not set`);
  return value;
}

/**
 * The config every worker's router starts from: the OpenAI stand-in at BASE_URL, the Redis store at REDIS_URL under
 * PREFIX, and timeouts long enough for a loaded CI machine (these tests are about correctness, not latency).
 */
export function workerRouterBase(): Pick<RouterConfig, 'providers' | 'store' | 'defaults'> {
  return {
    providers: { openai: openai({ apiKey: 'local-no-key', baseURL: workerEnv('BASE_URL') }) },
    store: redisStore({ url: workerEnv('REDIS_URL'), prefix: workerEnv('PREFIX'), commandTimeoutMs: 20_000 }),
    defaults: { timeoutMs: 30_000 },
  };
}

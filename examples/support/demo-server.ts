/**
 * The offline start of the demos: the local provider server, and one line saying it answers (and which of its
 * endpoints fail their first requests, so the retries and fallbacks that follow make sense).
 */
import {
  type LocalProviderServer,
  type LocalServerOptions,
  startLocalProviderServer,
} from './local-provider-server.js';

const NAMES = { openai: 'OpenAI', anthropic: 'Anthropic', google: 'Gemini' } as const;

/** Starts the local provider server and prints the `mode: local` line. */
export async function startDemoServer(options: LocalServerOptions = {}): Promise<LocalProviderServer> {
  const server = await startLocalProviderServer(options);
  const failing = Object.entries(options.fail ?? {}).map(
    ([format, { count, status }]) =>
      `; its ${NAMES[format as keyof typeof NAMES]} endpoint fails the first ${count} requests with ${status}`,
  );
  console.log(`mode: local — offline demo server at ${server.url}${failing.join('')}`);
  return server;
}

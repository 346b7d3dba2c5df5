/**
 * Picks where an example's calls go: the real API when the provider's key is in the environment,
 * else the local provider server (no key, no network). Prints one line saying which.
 */
import { type LocalServerOptions, startLocalProviderServer } from './local-provider-server.js';

type Provider = 'openai' | 'anthropic' | 'google' | 'deepseek';

const LIVE: Record<Provider, { env: string[]; name: string }> = {
  openai: { env: ['OPENAI_API_KEY'], name: 'OpenAI' },
  anthropic: { env: ['ANTHROPIC_API_KEY'], name: 'Anthropic' },
  google: { env: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'], name: 'Gemini' },
  deepseek: { env: ['DEEPSEEK_API_KEY'], name: 'DeepSeek' },
};

/** Where the SDK sends its calls, relative to the server's root: each SDK adds its own API path. */
const BASE_PATH: Record<Provider, string> = { openai: '/v1', deepseek: '/v1', anthropic: '', google: '' };

export interface Endpoint {
  /** Spread into the provider factory: empty when live (the SDK reads its key from the env). */
  options: { apiKey?: string; baseURL?: string };
  /** Whether the calls go to the real API. */
  live: boolean;
  close(): Promise<void>;
}

export async function liveOrLocal(provider: Provider, serverOptions?: LocalServerOptions): Promise<Endpoint> {
  const { env, name } = LIVE[provider];
  const keyVar = env.find((variable) => process.env[variable]);
  if (keyVar) {
    console.log(`mode: live — calling the real ${name} API (${keyVar} is set)`);
    return { options: {}, live: true, close: async () => {} };
  }
  const server = await startLocalProviderServer(serverOptions);
  const baseURL = server.url + BASE_PATH[provider];
  console.log(`mode: local — no ${env.join(' / ')}, so a local ${name}-format server answers at ${baseURL}`);
  // The SDKs refuse to send a request without a key; the local server ignores it.
  return { options: { apiKey: 'local-no-key', baseURL }, live: false, close: () => server.close() };
}

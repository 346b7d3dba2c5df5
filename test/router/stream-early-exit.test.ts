import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropic, cascade, createRouter, google, openai, ProviderError } from '../../src/index.js';
import type { ProviderAdapter } from '../../src/providers/spec/provider.js';
import { drip, type LocalServer, startLocalServer } from '../helpers/local-server.js';
import { parseChunksFile } from '../helpers/msw.js';

const blocksOf = (path: string) =>
  parseChunksFile(readFileSync(new URL(`../../src/providers/${path}`, import.meta.url), 'utf8'));
const BLOCKS = {
  openai: blocksOf('openai/__fixtures__/chat-stream.chunks.txt'),
  anthropic: blocksOf('anthropic/__fixtures__/stream-thinking.chunks.txt'),
  google: blocksOf('google/__fixtures__/stream-generate-content.chunks.txt'),
};
type Provider = keyof typeof BLOCKS;
const MODELS = { openai: 'gpt-4o-mini', anthropic: 'claude-sonnet-4-6', google: 'gemini-2.5-flash' } as const;

let behaviour: (res: ServerResponse) => void = () => {};
let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((_req, res) => behaviour(res));
});
afterAll(() => server.close());

function adapter(provider: Provider): ProviderAdapter {
  if (provider === 'openai') return openai({ apiKey: 'sk-test-early-exit-0000', baseURL: `${server.url}/v1` });
  if (provider === 'anthropic') return anthropic({ apiKey: 'sk-ant-test-early-exit', baseURL: server.url });
  return google({ apiKey: 'test-google-early-exit', baseURL: server.url });
}

/** What marks each fixture's first block with visible text. */
const FIRST_TEXT = { openai: '"content":"Hello"', anthropic: '"text_delta"', google: '"text"' };

/** The stream's blocks up to its first text, then nothing more: the server stalls with the connection open. */
function stallAfterFirstText(provider: Provider) {
  const blocks = BLOCKS[provider];
  const firstText = blocks.findIndex((b) => b.includes(FIRST_TEXT[provider])) + 1;
  return (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    drip(res, blocks.slice(0, firstText), 1, () => {});
  };
}

describe('leaving a stream early (break) cancels it', () => {
  for (const provider of ['openai', 'anthropic', 'google'] as const) {
    it(`${provider}: the socket closes and result settles with what was charged, though the server stalls`, async () => {
      behaviour = stallAfterFirstText(provider);
      const router = createRouter({
        providers: { [provider]: adapter(provider) },
        models: { m: { provider, model: MODELS[provider] } },
      });
      const abandonedBefore = server.abandoned;
      const stream = router.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
      let deltas = 0;
      for await (const event of stream) {
        if (event.type === 'text-delta') deltas += 1;
        break;
      }
      expect(deltas).toBe(1);
      // `break` returned only once the attempt was settled and recorded.
      const error = await stream.result.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'aborted' });
      const attempts = (error as ProviderError).attempts!;
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ status: 'error', alias: 'm' });
      if (provider === 'anthropic') {
        // message_start had reported the input: the abandoned attempt is charged for it.
        expect(attempts[0]!.usage).toMatchObject({ inputTokens: 9525 });
        expect(attempts[0]!.costUsd).toBeGreaterThan(0);
      }
      await server.abandonedAtLeast(abandonedBefore + 1);
    });
  }

  it('a policy-routed stream is cancelled the same way', async () => {
    behaviour = stallAfterFirstText('openai');
    const router = createRouter({
      providers: { openai: adapter('openai') },
      models: { mini: { provider: 'openai', model: 'gpt-4o-mini' } },
      policy: cascade({
        classifier: { name: 'fixed', classify: () => ({ score: 0 }) },
        tiers: { simple: [{ model: 'mini' }] },
      }),
    });
    const abandonedBefore = server.abandoned;
    const stream = router.stream({ messages: [{ role: 'user', content: 'hi' }] });
    for await (const _ of stream) break;
    await expect(stream.result).rejects.toMatchObject({ kind: 'aborted' });
    await server.abandonedAtLeast(abandonedBefore + 1);
  });

  it('leaving after the finish event changes nothing: result holds the answer', async () => {
    behaviour = (res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      drip(res, BLOCKS.openai, 1, () => res.end());
    };
    const router = createRouter({
      providers: { openai: adapter('openai') },
      models: { m: { provider: 'openai', model: 'gpt-4o-mini' } },
    });
    const stream = router.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    for await (const event of stream) if (event.type === 'finish') break;
    await expect(stream.result).resolves.toMatchObject({ text: 'Hello, world!' });
  });
});

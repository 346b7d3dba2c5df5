import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { StreamInterruptedError, anthropic, createRouter } from '../../src/index.js';
import { parseChunksFile, sseStream, useMsw } from '../helpers/msw.js';

const blocks = parseChunksFile(
  readFileSync(
    new URL('../../src/providers/anthropic/__fixtures__/stream-thinking.chunks.txt', import.meta.url),
    'utf8',
  ),
);
const server = useMsw();

describe('a stream that breaks after its text reached the caller', () => {
  it('is not retried, and its error still carries the attempt priced from the usage message_start reported', async () => {
    let requests = 0;
    server.use(
      http.post('https://api.anthropic.com/v1/messages', () => {
        requests += 1;
        // Cut after the first text delta: message_start (with input usage) has arrived, message_stop never does.
        const cut = blocks.findIndex((b) => b.includes('"text_delta"')) + 1;
        return new HttpResponse(sseStream(blocks, { cutAfter: cut }), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }),
    );
    const router = createRouter({
      providers: { anthropic: anthropic({ apiKey: 'test-key-anthropic-stream' }) },
      models: { sonnet: { provider: 'anthropic', model: 'claude-sonnet-4-6' } },
      retry: { baseDelayMs: 1, maxDelayMs: 2 },
    });
    const stream = router.stream({ model: 'sonnet', messages: [{ role: 'user', content: 'What is 27 × 453?' }] });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const event of stream) if (event.type === 'text-delta') deltas.push(event.text);
    })().catch((e) => e);

    expect(deltas.join('')).toBe('27 × 453');
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(requests).toBe(1);
    const [attempt] = error.attempts;
    expect(error.attempts).toHaveLength(1);
    expect(attempt.status).toBe('error');
    // message_start reported 25 uncached input, 1500 five-minute cache writes, 8000 cache reads, 1 output token.
    expect(attempt.usage).toMatchObject({
      inputTokens: 9525,
      cachedInputTokens: 8000,
      cacheWriteTokens: 1500,
      outputTokens: 1,
    });
    // Sonnet 4.6: input $3, 5m cache write $3.75, cache read $0.30, output $15 per million.
    expect(attempt.costUsd).toBeCloseTo((25 * 3 + 1500 * 3.75 + 8000 * 0.3 + 1 * 15) / 1e6, 12);
  });
});

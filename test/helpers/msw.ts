import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Starts an msw server for one test file, with the two traps of PROVIDERS.md §4 handled:
 * unread mocked bodies are cancelled (else an SDK's body cancel hangs), and unhandled requests fail loudly.
 * Build SDK clients inside tests (after `listen()`), or pass `fetch: (i, o) => globalThis.fetch(i, o)`.
 */
export function useMsw(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  server.events.on('response:mocked', ({ response }) => {
    response.body?.cancel().catch(() => {});
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** Builds a `text/event-stream` response body from SSE blocks; `cutAfter` stops early without an end event. */
export function sseStream(
  blocks: string[],
  options: { cutAfter?: number; error?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const pending = blocks.slice(0, options.cutAfter ?? blocks.length);
  // Pull-based, so queued blocks reach the reader before the error (controller.error discards the queue).
  return new ReadableStream({
    pull(controller) {
      const block = pending.shift();
      if (block !== undefined) controller.enqueue(encoder.encode(`${block}\n\n`));
      else if (options.error) controller.error(new Error('socket hang up'));
      else controller.close();
    },
  });
}

/** Reads a fixture of SSE blocks (`*.chunks.txt`, blocks separated by blank lines). */
export function parseChunksFile(text: string): string[] {
  return text
    .split(/\n\n+/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
}

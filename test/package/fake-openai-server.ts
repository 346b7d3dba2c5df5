import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server answering in OpenAI's Chat Completions wire format, for the packed-package consumers. */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:PORT`; a consumer puts its own prefix and a route (`/flaky/v1`, `/down/v1`, `/ok/v1`) after it. */
  url: string;
  /** Requests received per path, `/esm/flaky/v1/chat/completions` → 2. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

const usage = {
  prompt_tokens: 12,
  completion_tokens: 5,
  total_tokens: 17,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
};

function completion(model: string, text: string) {
  return {
    id: 'chatcmpl-package-test',
    object: 'chat.completion',
    created: 1_764_547_200,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_package',
  };
}

function chunk(model: string, delta: object, finish: string | null, withUsage = false) {
  return {
    id: 'chatcmpl-package-stream',
    object: 'chat.completion.chunk',
    created: 1_764_547_200,
    model,
    system_fingerprint: 'fp_package',
    choices: withUsage ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: withUsage ? usage : null,
  };
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: object = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${status}`, ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code: null } }));
}

function answer(req: IncomingMessage, res: ServerResponse, body: { model?: string; stream?: boolean }) {
  const model = body.model ?? 'gpt-4.1-mini';
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_ok' });
    res.end(JSON.stringify(completion(model, `answer from ${req.url?.split('/')[2]}`)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_stream' });
  const events = [
    chunk(model, { role: 'assistant', content: '', refusal: null }, null),
    chunk(model, { content: 'streamed ' }, null),
    chunk(model, { content: 'answer' }, null),
    chunk(model, {}, 'stop'),
    chunk(model, {}, null, true),
  ];
  for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
  res.end('data: [DONE]\n\n');
}

/**
 * Starts the server. Routes, by the segment after the consumer's prefix: `flaky` answers 429 (with `retry-after-ms`)
 * to its first request and 200 after; `down` always answers 500; `ok` always answers (a stream when asked).
 */
export async function startFakeOpenAIServer(): Promise<FakeOpenAIServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const count = (hits.get(path) ?? 0) + 1;
      hits.set(path, count);
      if (req.method !== 'POST' || !path.endsWith('/v1/chat/completions')) {
        sendError(res, 404, 'invalid_request_error', `no route ${req.method} ${path}`);
        return;
      }
      const route = path.split('/')[2];
      if (route === 'flaky' && count === 1) {
        sendError(res, 429, 'rate_limit_error', 'Rate limit reached', { 'retry-after-ms': '20' });
      } else if (route === 'down') {
        sendError(res, 500, 'server_error', 'The server had an error while processing your request.');
      } else {
        answer(req, res, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 that counts requests and sees when a client lets go of a response. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests received so far. */
  readonly requests: number;
  /** Responses whose connection closed before the server ended them (the client aborted or timed out). */
  readonly abandoned: number;
  /** Resolves once `count` responses have been abandoned by the client. */
  abandonedAtLeast(count: number): Promise<void>;
  /** Stops the server and every connection (and every trickle). */
  close(): Promise<void>;
}

/**
 * Starts a server that answers each request with `handle` (called after the request body was read). Unlike msw,
 * it goes through Node's real fetch and sockets, so timeouts and aborts behave as they do against a provider.
 */
export async function startLocalServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<LocalServer> {
  let requests = 0;
  let abandoned = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer((req, res) => {
    requests += 1;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handle(req, res, body));
    res.on('close', () => {
      if (res.writableEnded) return;
      abandoned += 1;
      for (const waiter of waiters.filter((w) => abandoned >= w.count)) waiter.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get abandoned() {
      return abandoned;
    },
    abandonedAtLeast(count) {
      if (abandoned >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `chunk` every `everyMs` until the client goes away (a body that trickles but never ends). */
export function trickle(res: ServerResponse, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (!res.destroyed) res.write(chunk);
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

/** Writes SSE `blocks` one every `everyMs`, then runs `after` (end the response, or start a trickle). */
export function drip(res: ServerResponse, blocks: string[], everyMs: number, after: () => void): void {
  const pending = [...blocks];
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    const block = pending.shift();
    if (block === undefined) {
      clearInterval(timer);
      after();
    } else res.write(`${block}\n\n`);
  }, everyMs);
  res.on('close', () => clearInterval(timer));
}

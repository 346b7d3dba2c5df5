import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Options of the stand-in: how long each answer takes and which prompts never get one. */
export interface StandInOptions {
  /** Delay before answering, in ms. Default 20. */
  delayMs?: number;
  /** Prompt tokens reported per request. Default 0 (the tests price input at $0 so worst case = actual). */
  promptTokens?: number;
}

/** A local OpenAI Chat Completions server: answers with usage `completion_tokens = max_tokens`; prompts containing `HANG` never answer. */
export interface StandIn {
  /** Base URL for the OpenAI SDK (`…/v1`). */
  baseURL: string;
  /** Requests received so far. */
  received: number;
  close(): Promise<void>;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => {
      data += chunk;
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** Starts the stand-in on 127.0.0.1 at a random port. */
export async function startOpenAIStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const hanging = new Set<ServerResponse>();
  const state = { received: 0 };
  const server = createServer(async (req, res) => {
    const json = JSON.parse(await body(req));
    state.received += 1;
    const prompt = JSON.stringify(json.messages);
    if (prompt.includes('HANG')) {
      hanging.add(res);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 20));
    const completion = json.max_completion_tokens ?? json.max_tokens ?? 16;
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${state.received}` });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${state.received}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: json.model,
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: options.promptTokens ?? 0,
          completion_tokens: completion,
          total_tokens: (options.promptTokens ?? 0) + completion,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get received() {
      return state.received;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// The OpenAI-compatible host the policy tests (utility, cascadeRouting) route to: models m-<alias> at models.test,
// reached through the real OpenAI SDK and answered by msw.
import { HttpResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';
import { createRouter, openaiCompatible, type RouterConfig } from '../../src/index.js';
import { sseStream } from '../helpers/msw.js';

/** The host's Chat Completions endpoint. */
export const LOCAL_URL = 'http://models.test/v1/chat/completions';

/**
 * Answers by model id (`text[model]`, default `answer from <model>`) with 100 input and 20 output tokens, streamed
 * when asked; returns the request bodies as they arrive.
 */
export function serveLocal(server: SetupServer, text: Record<string, string> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: the provider's JSON body, read loosely on purpose
  const bodies: any[] = [];
  server.use(
    http.post(LOCAL_URL, async ({ request }) => {
      // biome-ignore lint/suspicious/noExplicitAny: as above
      const body = (await request.json()) as any;
      bodies.push(body);
      const content = text[body.model] ?? `answer from ${body.model}`;
      const usage = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };
      const base = { id: `cmpl-${bodies.length}`, created: 1_763_900_000, model: body.model };
      if (body.stream) {
        const chunk = (delta: object, finish: string | null, extra: object = {}) =>
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}`;
        const words = content.split(/(?<= )/);
        const blocks = [
          ...words.map((word: string) => chunk({ content: word }, null)),
          chunk({}, 'stop'),
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}`,
          'data: [DONE]',
        ];
        return new HttpResponse(sseStream(blocks), { headers: { 'content-type': 'text/event-stream' } });
      }
      return HttpResponse.json({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage,
      });
    }),
  );
  return bodies;
}

/** A router on the host: each alias answered by model `m-<alias>`, no retries; `config` adds or overrides. */
export function localRouter(aliases: string[], prices: RouterConfig['prices'], config: Partial<RouterConfig> = {}) {
  return createRouter({
    providers: { local: openaiCompatible({ name: 'local', baseURL: 'http://models.test/v1', apiKey: 'test-key' }) },
    models: Object.fromEntries(aliases.map((alias) => [alias, { provider: 'local', model: `m-${alias}` }])),
    prices,
    retry: { retries: 0 },
    ...config,
  });
}

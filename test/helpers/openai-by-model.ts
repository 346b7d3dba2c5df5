import { HttpResponse, http } from 'msw';
import type { SetupServer } from 'msw/node';

/**
 * Answers every OpenAI Chat Completions call with `answered by <model>`, 100 input and 50 output tokens, so which
 * model answered and what it cost can be read off a result. Returns the models asked for, in order.
 */
export function serveOpenAIByModel(server: SetupServer): string[] {
  const asked: string[] = [];
  server.use(
    http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
      const body = (await request.json()) as { model: string };
      asked.push(body.model);
      return HttpResponse.json({
        id: `chatcmpl-${asked.length}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: body.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: `answered by ${body.model}` }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
      });
    }),
  );
  return asked;
}

import { deadlineHook } from '../shared/deadline-hook.js';
import { readJsonBody } from '../shared/read-json-body.js';
import type { ProviderAdapter } from '../spec/provider.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { abortableResponse } from './abortable-response.js';
import { convertOpenAIChatResponse } from './convert-openai-chat-response.js';
import { convertToOpenAIChatRequest } from './convert-to-openai-chat-request.js';
import { type OpenAIAdapterConfig, openAICallContexts } from './openai-adapter-config.js';
import { readOpenAIChatStream } from './openai-chat-stream.js';
import { toOpenAIProviderError } from './openai-error.js';
import { openAIRequestOptions } from './openai-request-options.js';

/**
 * A `ProviderAdapter` over Chat Completions (`client.chat.completions.create`). The OpenAI adapter
 * and every OpenAI-compatible host share it.
 */
export function createOpenAIChatAdapter(config: OpenAIAdapterConfig): ProviderAdapter {
  const context = openAICallContexts(config);

  async function complete(model: string, request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
    const { body, warnings } = convertToOpenAIChatRequest(model, request, config.chatDialect);
    const ctx = context(model);
    const hook = deadlineHook(options);
    let http: Response;
    try {
      const client = config.getClient();
      // The raw response: the SDK still builds the request and turns HTTP errors into its error classes.
      http = await client.chat.completions.create(body, openAIRequestOptions(options, !hook)).asResponse();
    } catch (error) {
      throw toOpenAIProviderError(error, ctx);
    }
    const requestId = http.headers.get('x-request-id') ?? undefined;
    const data = await readJsonBody(http, ctx, requestId, hook ? undefined : options?.signal, hook);
    return convertOpenAIChatResponse(data, ctx, warnings, requestId);
  }

  async function* stream(model: string, request: ChatRequest, options?: CallOptions): AsyncGenerator<ChatStreamEvent> {
    const { body, warnings } = convertToOpenAIChatRequest(model, request, config.chatDialect);
    const ctx = context(model);
    let response: Response;
    try {
      const client = config.getClient();
      // The raw response, read below with the SDK's SSE decoder (see `readOpenAIChatStream` for why).
      response = await client.chat.completions
        .create({ ...body, stream: true, stream_options: { include_usage: true } }, openAIRequestOptions(options))
        .asResponse();
    } catch (error) {
      throw toOpenAIProviderError(error, ctx);
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    // Leaving the loop early cancels the body: the SSE reader's iterator cancels its stream on return.
    yield* readOpenAIChatStream(abortableResponse(response, options?.signal), ctx, warnings, requestId, options);
  }

  return { name: config.name, priceProviderId: config.priceProviderId, complete, stream };
}

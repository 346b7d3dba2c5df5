import { deadlineHook } from '../shared/deadline-hook.js';
import { readJsonBody } from '../shared/read-json-body.js';
import type { ProviderAdapter } from '../spec/provider.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { abortableResponse } from './abortable-response.js';
import { convertOpenAIResponsesResponse } from './convert-openai-responses-response.js';
import { convertToOpenAIResponsesRequest } from './convert-to-openai-responses-request.js';
import { type OpenAIAdapterConfig, openAICallContexts } from './openai-adapter-config.js';
import { toOpenAIProviderError } from './openai-error.js';
import { openAIRequestOptions } from './openai-request-options.js';
import { readOpenAIResponsesStream } from './openai-responses-stream.js';
import { openaiSdk } from './openai-sdk.js';

/** A `ProviderAdapter` over the OpenAI Responses API (`client.responses.create`). */
export function createOpenAIResponsesAdapter(config: OpenAIAdapterConfig): ProviderAdapter {
  const context = openAICallContexts(config);

  async function complete(model: string, request: ChatRequest, options?: CallOptions): Promise<ChatResponse> {
    const { body, warnings } = convertToOpenAIResponsesRequest(model, request);
    const ctx = context(model);
    const hook = deadlineHook(options);
    let http: Response;
    try {
      const client = config.getClient();
      // The raw response: the SDK still builds the request and turns HTTP errors into its error classes.
      http = await client.responses.create(body, openAIRequestOptions(options, !hook)).asResponse();
    } catch (error) {
      throw toOpenAIProviderError(error, ctx);
    }
    const requestId = http.headers.get('x-request-id') ?? undefined;
    const data = await readJsonBody(http, ctx, requestId, hook ? undefined : options?.signal, hook);
    return convertOpenAIResponsesResponse(data, ctx, warnings, requestId);
  }

  async function* stream(model: string, request: ChatRequest, options?: CallOptions): AsyncGenerator<ChatStreamEvent> {
    const { body, warnings } = convertToOpenAIResponsesRequest(model, request);
    const ctx = context(model);
    let http: Response;
    try {
      const client = config.getClient();
      http = await client.responses.create({ ...body, stream: true }, openAIRequestOptions(options)).asResponse();
    } catch (error) {
      throw toOpenAIProviderError(error, ctx);
    }
    const requestId = http.headers.get('x-request-id') ?? undefined;
    // The SDK's own SSE reader, over a body that a caller's abort is sure to end.
    // Leaving the loop early cancels the body: the SSE reader's iterator cancels its stream on return.
    const events = openaiSdk
      .get()
      .Stream.fromSSEResponse<unknown>(abortableResponse(http, options?.signal), new AbortController());
    yield* readOpenAIResponsesStream(events, ctx, warnings, requestId, options);
  }

  return { name: config.name, priceProviderId: config.priceProviderId, complete, stream };
}

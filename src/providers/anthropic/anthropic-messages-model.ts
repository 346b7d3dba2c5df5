import type Anthropic from '@anthropic-ai/sdk';
import { deadlineHook } from '../shared/deadline-hook.js';
import { readJsonBody } from '../shared/read-json-body.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../spec/response.js';
import { type AnthropicCallContext, toAnthropicProviderError } from './anthropic-error.js';
import { anthropicRequestOptions } from './anthropic-request-options.js';
import { readAnthropicStream } from './anthropic-stream.js';
import { convertAnthropicResponse } from './convert-anthropic-response.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/** One non-streaming Messages call (`POST /v1/messages`), normalized. */
export async function completeAnthropicMessage(
  client: Anthropic,
  ctx: AnthropicCallContext,
  request: ChatRequest,
  options?: CallOptions,
): Promise<ChatResponse> {
  const { params, warnings } = convertToAnthropicRequest(request);
  const hook = deadlineHook(options);
  let http: Response;
  try {
    // The raw response: the SDK still builds the request and turns HTTP errors into its error classes, but the
    // body is read here, so that a connection cut mid-body is a retryable connection error, not an unknown one.
    http = await client.messages
      .create({ ...params, model: ctx.model, stream: false }, anthropicRequestOptions(client, options, !hook))
      .asResponse();
  } catch (error) {
    throw toAnthropicProviderError(error, ctx);
  }
  const requestId = http.headers.get('request-id') ?? undefined;
  const body = await readJsonBody(http, ctx, requestId, hook ? undefined : options?.signal, hook);
  return convertAnthropicResponse(body, ctx, warnings, requestId);
}

/** One streaming Messages call: text deltas, then one `finish` (or `StreamInterruptedError`). */
export async function* streamAnthropicMessage(
  client: Anthropic,
  ctx: AnthropicCallContext,
  request: ChatRequest,
  options?: CallOptions,
): AsyncGenerator<ChatStreamEvent> {
  const { params, warnings } = convertToAnthropicRequest(request);
  let events: AsyncIterable<unknown>;
  let requestId: string | undefined;
  try {
    const result = await client.messages
      .create({ ...params, model: ctx.model, stream: true }, anthropicRequestOptions(client, options))
      .withResponse();
    events = result.data;
    requestId = result.request_id ?? undefined;
  } catch (error) {
    throw toAnthropicProviderError(error, ctx);
  }
  yield* readAnthropicStream(events, ctx, warnings, requestId, options);
}

import type Anthropic from '@anthropic-ai/sdk';
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
  let body: unknown;
  let requestId: string | undefined;
  try {
    const result = await client.messages
      .create({ ...params, model: ctx.model, stream: false }, anthropicRequestOptions(client, options))
      .withResponse();
    body = result.data;
    requestId = result.request_id ?? undefined;
  } catch (error) {
    throw toAnthropicProviderError(error, ctx);
  }
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
  yield* readAnthropicStream(events, ctx, warnings, requestId, options?.signal);
}

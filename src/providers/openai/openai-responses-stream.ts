import { ProviderError } from '../../errors.js';
import type { CallOptions } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import type { Usage } from '../spec/usage.js';
import { convertOpenAIResponsesResponse, type RawOpenAIResponse } from './convert-openai-responses-response.js';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage.js';
import { type OpenAICallContext, streamAborted, streamInterrupted } from './openai-error.js';
import { openaiSdk } from './openai-sdk.js';

interface RawEvent {
  type?: string;
  delta?: string;
  response?: RawOpenAIResponse;
  code?: string | null;
  message?: string;
}

/**
 * Reads a Responses API event stream into text deltas and one `finish`. Only the terminal events
 * `response.completed` and `response.incomplete` end it well; they carry the usage. `response.failed`,
 * an `error` event, or the end of the stream before a terminal event throw `StreamInterruptedError`.
 */
export async function* readOpenAIResponsesStream(
  events: AsyncIterable<unknown>,
  ctx: OpenAICallContext,
  requestWarnings: string[],
  requestId: string | undefined,
  options: Pick<CallOptions, 'signal' | 'onEvent'> = {},
): AsyncGenerator<ChatStreamEvent> {
  const { signal, onEvent } = options;
  let text = '';
  let usage: Usage | undefined;
  try {
    for await (const item of events) {
      onEvent?.();
      const event = item as RawEvent;
      switch (event.type) {
        case 'response.output_text.delta':
          if (typeof event.delta === 'string' && event.delta !== '') {
            text += event.delta;
            yield { type: 'text-delta', text: event.delta };
          }
          break;
        case 'response.completed':
        case 'response.incomplete': {
          const response = convertOpenAIResponsesResponse(event.response, ctx, requestWarnings, requestId);
          yield { type: 'finish', response };
          return;
        }
        case 'response.failed': {
          if (event.response?.usage) usage = convertOpenAIResponsesUsage(event.response.usage);
          const error = event.response?.error;
          throw streamInterrupted(ctx, `response failed: ${error?.message ?? 'unknown error'}`, {
            partialText: text,
            usage,
            requestId,
            code: error?.code ?? undefined,
          });
        }
        case 'error':
          throw streamInterrupted(ctx, `error event: ${event.message ?? 'unknown error'}`, {
            partialText: text,
            usage,
            requestId,
            code: event.code ?? undefined,
          });
      }
    }
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (error instanceof openaiSdk.get().OpenAI.APIUserAbortError || signal?.aborted) {
      throw streamAborted(ctx, { requestId, cause: error });
    }
    // The SDK throws an `APIError` without a status for an `error` payload, and raw errors for a broken socket.
    const code =
      error instanceof openaiSdk.get().OpenAI.APIError && typeof error.code === 'string' ? error.code : undefined;
    throw streamInterrupted(ctx, (error as Error)?.message ?? String(error), {
      partialText: text,
      usage,
      requestId,
      code,
      cause: error,
    });
  }
  // The SDK's stream returns quietly when its request is aborted, so an abort can end up here.
  if (signal?.aborted) {
    throw streamAborted(ctx, { requestId });
  }
  throw streamInterrupted(ctx, 'the stream ended before response.completed', { partialText: text, requestId });
}

import { ProviderError } from '../../errors.js';
import type { ToolCall } from '../spec/message.js';
import type { CallOptions } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import type { Usage } from '../spec/usage.js';
import { type AnthropicCallContext, malformedResponse, streamAborted, streamInterrupted } from './anthropic-error.js';
import { anthropicSdk } from './anthropic-sdk.js';
import { isRecord, toToolCall } from './convert-anthropic-response.js';
import { type AnthropicUsage, convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/** A `tool_use` block being assembled from `input_json_delta` fragments. */
interface PendingToolUse {
  id: string;
  name: string;
  json: string;
  /** The input given whole in `content_block_start` (used when no fragments follow). */
  input: unknown;
}

/**
 * Reads the SDK's raw Messages event stream into text deltas and one `finish`.
 *
 * Usage is `message_start.message.usage` merged with each cumulative `message_delta.usage` (non-null
 * fields overwrite). Only `message_stop` completes the stream: an SSE that ends before it, an
 * `event: error` (the SDK throws an `APIError` with no status) or a socket error throws
 * `StreamInterruptedError` with the text so far and the usage reported so far, so the failed call's
 * cost can still be recorded.
 */
export async function* readAnthropicStream(
  events: AsyncIterable<unknown>,
  ctx: AnthropicCallContext,
  requestWarnings: string[],
  requestId: string | undefined,
  options: Pick<CallOptions, 'signal' | 'onEvent'> = {},
): AsyncGenerator<ChatStreamEvent> {
  const { signal, onEvent } = options;
  const warnings = [...requestWarnings];
  let text = '';
  let rawUsage: AnthropicUsage | undefined;
  let stopReason: string | undefined;
  let responseModel: string | undefined;
  let messageId: string | undefined;
  let stopped = false;
  const toolUses = new Map<number, PendingToolUse>();
  const usageSoFar = (): Usage | undefined => (rawUsage ? convertAnthropicUsage(rawUsage) : undefined);
  const aborted = () => streamAborted(ctx, { requestId, usage: usageSoFar(), cause: signal?.reason });

  try {
    for await (const event of events) {
      onEvent?.();
      // Events already buffered still arrive after an abort: stop at the caller's word.
      if (signal?.aborted) throw aborted();
      if (!isRecord(event)) continue;
      switch (event.type) {
        case 'message_start': {
          const message = isRecord(event.message) ? event.message : {};
          if (typeof message.model === 'string') responseModel = message.model;
          if (typeof message.id === 'string') messageId = message.id;
          if (isRecord(message.usage)) rawUsage = mergeAnthropicUsage(rawUsage, message.usage as AnthropicUsage);
          break;
        }
        case 'content_block_start': {
          const block = isRecord(event.content_block) ? event.content_block : {};
          if (block.type === 'tool_use' && typeof event.index === 'number') {
            toolUses.set(event.index, {
              id: typeof block.id === 'string' ? block.id : '',
              name: typeof block.name === 'string' ? block.name : '',
              json: '',
              input: block.input,
            });
          } else if (block.type === 'text' && typeof block.text === 'string' && block.text !== '') {
            text += block.text;
            yield { type: 'text-delta', text: block.text };
          }
          break;
        }
        case 'content_block_delta': {
          const delta = isRecord(event.delta) ? event.delta : {};
          if (delta.type === 'text_delta' && typeof delta.text === 'string' && delta.text !== '') {
            text += delta.text;
            yield { type: 'text-delta', text: delta.text };
          } else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
            const pending = typeof event.index === 'number' ? toolUses.get(event.index) : undefined;
            if (pending) pending.json += delta.partial_json;
          }
          // thinking_delta and signature_delta are not part of the visible answer.
          break;
        }
        case 'message_delta': {
          const delta = isRecord(event.delta) ? event.delta : {};
          if (typeof delta.stop_reason === 'string') stopReason = delta.stop_reason;
          if (isRecord(event.usage)) rawUsage = mergeAnthropicUsage(rawUsage, event.usage as AnthropicUsage);
          break;
        }
        case 'message_stop':
          stopped = true;
          break;
        default:
          break;
      }
      if (stopped) break;
    }
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (error instanceof anthropicSdk.get().APIError && error.status === undefined && error.type) {
      // `event: error` mid-stream, e.g. overloaded_error: the SDK does not retry it, and neither do we
      // (a replay would bill the whole request again).
      throw streamInterrupted(ctx, `error event (${error.type}): ${error.message}`, {
        partialText: text,
        usage: usageSoFar(),
        requestId,
        code: error.type,
        cause: error,
      });
    }
    if (error instanceof SyntaxError) {
      throw malformedResponse(ctx, `stream event is not valid JSON (${error.message})`, { requestId, cause: error });
    }
    throw streamInterrupted(ctx, (error as Error)?.message ?? String(error), {
      partialText: text,
      usage: usageSoFar(),
      requestId,
      cause: error,
    });
  }

  if (!stopped) {
    // The SDK ends its iterator quietly when the request is aborted: say so rather than "cut".
    if (signal?.aborted) throw aborted();
    throw streamInterrupted(ctx, 'the stream ended before message_stop', {
      partialText: text,
      usage: usageSoFar(),
      requestId,
    });
  }
  if (!rawUsage) throw malformedResponse(ctx, 'the stream reported no usage', { requestId });

  const toolCalls: ToolCall[] = [];
  for (const [, pending] of [...toolUses.entries()].sort(([a], [b]) => a - b)) {
    let input = pending.input;
    if (pending.json !== '') {
      try {
        input = JSON.parse(pending.json);
      } catch (error) {
        throw malformedResponse(ctx, `tool call ${pending.name}: input JSON is not valid`, { requestId, cause: error });
      }
    }
    toolCalls.push(toToolCall({ id: pending.id, name: pending.name, input }, warnings));
  }
  if (stopReason === 'refusal') warnings.push('the model refused to answer (stop_reason: refusal)');
  yield {
    type: 'finish',
    response: {
      text,
      toolCalls,
      finishReason: mapAnthropicFinishReason(stopReason),
      rawFinishReason: stopReason,
      usage: convertAnthropicUsage(rawUsage),
      responseModel,
      requestId,
      warnings,
      // A stream has no single message object: keep what it said about the message.
      raw: { id: messageId, model: responseModel, stop_reason: stopReason ?? null, usage: rawUsage },
    },
  };
}

import { ProviderError } from '../../errors.js';
import type { CallOptions } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import { emptyUsage, type Usage } from '../spec/usage.js';
import { convertToolCalls } from './convert-openai-chat-response.js';
import { convertOpenAIChatUsage, type OpenAIChatUsage } from './convert-openai-chat-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { malformedResponse, type OpenAICallContext, streamAborted, streamInterrupted } from './openai-error.js';
import { openaiSdk } from './openai-sdk.js';

interface RawChunk {
  model?: string;
  error?: { message?: string; code?: string | number | null; type?: string } | string;
  choices?: Array<{
    finish_reason?: string | null;
    delta?: {
      content?: string | null;
      refusal?: string | null;
      tool_calls?: Array<{
        index?: number;
        id?: string;
        type?: string;
        function?: { name?: string; arguments?: string };
      }>;
    };
  }>;
  usage?: OpenAIChatUsage | null;
}

interface PendingToolCall {
  id?: string;
  type?: string;
  name: string;
  arguments: string;
}

/**
 * Reads a Chat Completions SSE response into text deltas and one `finish`. The SSE is read here
 * (with the SDK's own SSE decoder) rather than through the SDK's `Stream`, because the `Stream`
 * swallows `data: [DONE]`, and only `[DONE]` tells a complete stream from one cut before its usage
 * chunk on hosts that ignore `stream_options.include_usage`.
 *
 * The stream is complete once a chunk carried a `finish_reason` and then either the usage chunk
 * arrived or `[DONE]` did. Anything short of that throws `StreamInterruptedError`.
 */
export async function* readOpenAIChatStream(
  response: Response,
  ctx: OpenAICallContext,
  requestWarnings: string[],
  requestId: string | undefined,
  options: Pick<CallOptions, 'signal' | 'onEvent'> = {},
): AsyncGenerator<ChatStreamEvent> {
  const { signal, onEvent } = options;
  const warnings = [...requestWarnings];
  let text = '';
  let refusal = '';
  let rawFinishReason: string | undefined;
  let usage: Usage | undefined;
  let rawUsage: OpenAIChatUsage | undefined;
  let sawDone = false;
  let responseModel: string | undefined;
  const pending = new Map<number, PendingToolCall>();

  try {
    for await (const sse of openaiSdk.get().iterSSEMessages(response, new AbortController())) {
      if (sse.data.startsWith('[DONE]')) {
        sawDone = true;
        break;
      }
      if (sse.data.trim() === '') continue;
      onEvent?.();
      let chunk: RawChunk;
      try {
        chunk = JSON.parse(sse.data) as RawChunk;
      } catch (error) {
        throw malformedResponse(ctx, `stream chunk is not valid JSON: ${sse.data.slice(0, 80)}`, {
          requestId,
          cause: error,
        });
      }
      if (chunk.error) {
        const error = typeof chunk.error === 'string' ? { message: chunk.error } : chunk.error;
        const code = error.code ?? error.type;
        throw streamInterrupted(ctx, `error event: ${error.message ?? 'unknown error'}`, {
          partialText: text,
          usage,
          requestId,
          code: code === undefined || code === null ? undefined : String(code),
        });
      }
      if (typeof chunk.model === 'string') responseModel = chunk.model;
      if (chunk.usage) {
        rawUsage = chunk.usage;
        usage = convertOpenAIChatUsage(chunk.usage);
      }
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta;
      if (delta?.content) {
        text += delta.content;
        yield { type: 'text-delta', text: delta.content };
      }
      if (delta?.refusal) refusal += delta.refusal;
      for (const call of delta?.tool_calls ?? []) {
        const index = call.index ?? 0;
        const entry = pending.get(index) ?? { name: '', arguments: '' };
        if (call.id) entry.id = call.id;
        if (call.type) entry.type = call.type;
        if (call.function?.name) entry.name += call.function.name;
        if (call.function?.arguments) entry.arguments += call.function.arguments;
        pending.set(index, entry);
      }
      if (choice.finish_reason) rawFinishReason = choice.finish_reason;
    }
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (signal?.aborted) {
      throw streamAborted(ctx, { requestId, usage, cause: error });
    }
    throw streamInterrupted(ctx, (error as Error)?.message ?? String(error), {
      partialText: text,
      usage,
      requestId,
      cause: error,
    });
  }

  if (rawFinishReason === undefined) {
    throw streamInterrupted(ctx, 'the stream ended before a finish_reason', { partialText: text, usage, requestId });
  }
  if (!usage) {
    if (!sawDone) {
      throw streamInterrupted(ctx, 'the stream ended before the usage chunk', { partialText: text, requestId });
    }
    warnings.push('the provider reported no usage; counts are zero');
  }
  if (refusal) warnings.push(`the model refused: ${refusal}`);
  const toolCalls = convertToolCalls(
    [...pending.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, call]) => ({ id: call.id, type: call.type, function: { name: call.name, arguments: call.arguments } })),
    ctx,
    warnings,
    requestId,
  );
  yield {
    type: 'finish',
    response: {
      text,
      toolCalls,
      finishReason: mapOpenAIFinishReason(rawFinishReason),
      rawFinishReason,
      usage: usage ?? emptyUsage(),
      responseModel,
      requestId,
      warnings,
      // A stream has no single response object: keep what the provider said at the end.
      raw: { model: responseModel, finish_reason: rawFinishReason, usage: rawUsage },
    },
  };
}

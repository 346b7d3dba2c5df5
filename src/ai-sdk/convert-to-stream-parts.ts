import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { RouterStreamEvent } from '../router/create-router.js';
import type { RouterResult } from '../router/result.js';
import { convertRoutewiseUsage } from './convert-routewise-usage.js';
import { mapRoutewiseFinishReason } from './map-routewise-finish-reason.js';
import { toAiSdkError } from './map-routewise-error.js';
import { routewiseProviderMetadata } from './routewise-provider-metadata.js';
import { toToolCallContent } from './to-tool-call-content.js';

const TEXT_ID = 'text-0';

/**
 * A routewise stream as the AI SDK's stream parts: `stream-start` (warnings) and `response-metadata` first, text as
 * it arrives (`text-start/delta/end`), then at the end the tool calls (`tool-input-start/delta/end` with the whole
 * input in one delta, and `tool-call`: routewise hands tool calls over complete), the answering model's id, and
 * `finish` with usage, finish reason and `providerMetadata.routewise`. A failure after the first part is an `error`
 * part followed by a `finish` whose metadata carries what the failed attempts cost.
 *
 * `first` is the stream's first event, already read (so a failure before any output rejects `doStream` itself).
 */
export function convertToStreamParts(options: {
  first: IteratorResult<RouterStreamEvent>;
  events: AsyncIterator<RouterStreamEvent>;
  warnings: SharedV4Warning[];
  requestId: string;
  signal: AbortSignal | undefined;
}): ReadableStream<LanguageModelV4StreamPart> {
  const { events, signal } = options;
  let next: IteratorResult<RouterStreamEvent> | undefined = options.first;
  let textOpen = false;
  let done = false;
  return new ReadableStream<LanguageModelV4StreamPart>({
    start(controller) {
      controller.enqueue({ type: 'stream-start', warnings: options.warnings });
      controller.enqueue({ type: 'response-metadata', id: options.requestId, timestamp: new Date() });
    },
    async pull(controller) {
      let event: IteratorResult<RouterStreamEvent>;
      try {
        event = next ?? (await events.next());
        next = undefined;
      } catch (error) {
        const failed = toAiSdkError(error, signal);
        // An abort errors the stream itself: the AI SDK then ends it with its own `abort` part.
        if ((failed as Error).name === 'AbortError') return controller.error(failed);
        closeText(controller);
        controller.enqueue({ type: 'error', error: failed });
        controller.enqueue({
          type: 'finish',
          finishReason: { unified: 'error', raw: undefined },
          usage: {
            inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
            outputTokens: { total: undefined, text: undefined, reasoning: undefined },
          },
        });
        done = true;
        return controller.close();
      }
      if (event.done) {
        done = true;
        return controller.close();
      }
      const value = event.value;
      if (value.type === 'text-delta') {
        if (!textOpen) {
          controller.enqueue({ type: 'text-start', id: TEXT_ID });
          textOpen = true;
        }
        controller.enqueue({ type: 'text-delta', id: TEXT_ID, delta: value.text });
        return;
      }
      finish(controller, value.result);
    },
    async cancel() {
      // The consumer left early: routewise aborts the route and settles what it charged.
      if (!done) await events.return?.();
    },
  });

  function closeText(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>) {
    if (!textOpen) return;
    controller.enqueue({ type: 'text-end', id: TEXT_ID });
    textOpen = false;
  }

  function finish(controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>, result: RouterResult) {
    closeText(controller);
    for (const call of result.toolCalls) {
      const part = toToolCallContent(call);
      controller.enqueue({ type: 'tool-input-start', id: part.toolCallId, toolName: part.toolName });
      controller.enqueue({ type: 'tool-input-delta', id: part.toolCallId, delta: part.input });
      controller.enqueue({ type: 'tool-input-end', id: part.toolCallId });
      controller.enqueue(part);
    }
    controller.enqueue({ type: 'response-metadata', modelId: result.responseModel ?? result.model });
    controller.enqueue({
      type: 'finish',
      finishReason: mapRoutewiseFinishReason(result.finishReason, result.rawFinishReason),
      usage: convertRoutewiseUsage(result.usage),
      providerMetadata: { routewise: routewiseProviderMetadata(result) },
    });
  }
}

import type { GenerateContentResponse } from '@google/genai';
import type { ToolCall } from '../spec/message.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import { buildGoogleResponse, promptBlockReason, readGoogleParts } from './convert-google-response.js';
import { convertGoogleUsage } from './convert-google-usage.js';
import { convertToGoogleRequest } from './convert-to-google-request.js';
import { googleCallFetch } from './google-call-fetch.js';
import { withGoogleCallOptions } from './google-call-options.js';
import { googleErrorContext, toGoogleProviderError, toGoogleStreamError } from './google-error.js';
import type { GoogleCallContext } from './google-generative-model.js';
import { scrubGoogleRaw } from './scrub-google-raw.js';

/**
 * One `generateContentStream` call → text deltas, then one `finish`.
 *
 * The stream is complete only once a chunk carries a `finishReason` (or the prompt was blocked); ending
 * without one, a cut event ("Incomplete JSON segment at the end"), a socket error or an `{"error":…}` chunk
 * throws `StreamInterruptedError` with the text so far and the last usage seen. Each chunk's `usageMetadata`
 * is a running total, so the last one is kept, never a sum.
 */
export async function* googleStream(
  ctx: GoogleCallContext,
  model: string,
  request: ChatRequest,
  options: CallOptions = {},
): AsyncGenerator<ChatStreamEvent> {
  const errorContext = googleErrorContext(ctx, model, options.signal);
  const { contents, config, warnings } = convertToGoogleRequest(request);

  // Our own controller, linked to the caller's signal, so that a consumer who stops reading early also
  // closes the HTTP stream (the SDK's generator only releases the reader lock).
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) controller.abort(options.signal.reason);
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let iterator: AsyncIterator<GenerateContentResponse> | undefined;
  try {
    try {
      const client = ctx.client();
      const chunks = await client.models.generateContentStream({
        model,
        contents,
        config: withGoogleCallOptions(
          config,
          controller.signal,
          options.timeoutMs,
          googleCallFetch(client, errorContext),
          options.headers,
        ),
      });
      iterator = chunks[Symbol.asyncIterator]();
    } catch (error) {
      throw toGoogleProviderError(error, errorContext);
    }

    let text = '';
    const toolCalls: ToolCall[] = [];
    let finishReason: string | undefined;
    let blockReason: string | undefined;
    let usageMetadata: GenerateContentResponse['usageMetadata'];
    let last: GenerateContentResponse | undefined;
    let requestId: string | undefined;

    while (true) {
      let next: IteratorResult<GenerateContentResponse>;
      try {
        next = await iterator.next();
      } catch (error) {
        // The provider's end was already received: what is missing is at most the connection's close.
        if (finishReason !== undefined || blockReason !== undefined) break;
        throw toGoogleStreamError(error, errorContext, {
          text,
          usage: usageMetadata ? convertGoogleUsage(usageMetadata) : undefined,
          requestId,
        });
      }
      if (next.done) break;
      options.onEvent?.();
      const chunk = next.value;
      last = chunk;
      if (chunk.usageMetadata) usageMetadata = chunk.usageMetadata;
      if (chunk.responseId) requestId = chunk.responseId;
      blockReason ??= promptBlockReason(chunk);
      const candidate = chunk.candidates?.[0];
      const parts = readGoogleParts(candidate?.content?.parts, toolCalls.length);
      toolCalls.push(...parts.toolCalls);
      if (candidate?.finishReason) finishReason = candidate.finishReason;
      if (parts.text.length > 0) {
        text += parts.text;
        yield { type: 'text-delta', text: parts.text };
      }
    }

    if (finishReason === undefined && blockReason === undefined) {
      throw toGoogleStreamError(new Error('stream ended without a finishReason'), errorContext, {
        text,
        usage: usageMetadata ? convertGoogleUsage(usageMetadata) : undefined,
        requestId,
      });
    }
    yield {
      type: 'finish',
      response: buildGoogleResponse({
        parts: { text, toolCalls },
        rawFinishReason: finishReason,
        blockReason,
        response: last,
        usageMetadata,
        warnings,
        raw: scrubGoogleRaw(last, errorContext.apiKey),
      }),
    };
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Harmless after a normal end; after an early `return` it closes the connection.
    controller.abort();
    await iterator?.return?.().catch(() => {});
  }
}

import { randomUUID } from 'node:crypto';
import type { Router } from '../router/create-router.js';
import { fromOpenAIParams } from './from-openai-params.js';
import type {
  RoutewiseChatCompletion,
  RoutewiseChatCompletionCreateParams,
  RoutewiseChatCompletionStream,
  RoutewiseChatRequestOptions,
  RoutewiseOpenAI,
} from './openai-client-types.js';
import { toChatCompletion } from './to-chat-completion.js';
import { toChatCompletionChunks } from './to-chat-completion-chunks.js';

/**
 * `router.openai`: an object with the `openai` SDK's `chat.completions.create`, answered by the router (its caps,
 * budgets, retries, fallbacks, caches and ledger), so code written against the SDK switches by swapping the client.
 */
export function createOpenAIClient(router: Pick<Router, 'complete' | 'stream'>): RoutewiseOpenAI {
  async function create(
    params: RoutewiseChatCompletionCreateParams,
    options?: RoutewiseChatRequestOptions,
  ): Promise<RoutewiseChatCompletion | RoutewiseChatCompletionStream> {
    const { request, stream, includeUsage } = fromOpenAIParams(params, options);
    if (!stream) return toChatCompletion(await router.complete(request));
    // The stream's controller aborts the request, as the SDK's `stream.controller` does.
    const controller = new AbortController();
    request.signal = request.signal ? AbortSignal.any([request.signal, controller.signal]) : controller.signal;
    request.requestId ??= randomUUID();
    const routed = router.stream(request);
    const iterator = routed[Symbol.asyncIterator]();
    // As with the SDK, a failure before the first output (a refusal, every model down) rejects `create` itself.
    const first = await iterator.next();
    const head = {
      id: `chatcmpl-rw-${request.requestId}`,
      created: Math.floor(Date.now() / 1000),
      model: params.model,
    };
    return toChatCompletionChunks(routed, iterator, first, head, includeUsage, controller);
  }
  return { chat: { completions: { create: create as RoutewiseOpenAI['chat']['completions']['create'] } } };
}

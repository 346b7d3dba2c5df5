import type { ChatCompletionChunk } from 'openai/resources/chat/completions/completions';
import type { RouterStream, RouterStreamEvent } from '../router/create-router.js';
import type { RouterResult } from '../router/result.js';
import type { RoutewiseChatCompletionChunk, RoutewiseChatCompletionStream } from './openai-client-types.js';
import {
  providerIdentity,
  routewiseInfo,
  toOpenAIFinishReason,
  toOpenAIToolCalls,
  toOpenAIUsage,
} from './to-chat-completion.js';

/** What every chunk of one stream shares: the id, the creation time, the model. */
interface ChunkHead {
  id: string;
  created: number;
  model: string;
}

/**
 * A router stream as OpenAI `ChatCompletionChunk`s, in the order the API sends them: a first chunk with the
 * assistant role, one per text delta, the tool calls (routewise streams text only; calls arrive whole with the
 * answer), a chunk with the finish reason, and with `includeUsage` a last chunk with no choices and the usage (every
 * earlier chunk then has `usage: null`, as the API's do). The last chunk carries `routewise` (route and cost).
 * `first` is the stream's first event, already read so that a failure before any output rejected `create`.
 */
export function toChatCompletionChunks(
  stream: RouterStream,
  iterator: AsyncIterator<RouterStreamEvent>,
  first: IteratorResult<RouterStreamEvent>,
  head: ChunkHead,
  includeUsage: boolean,
  controller: AbortController,
): RoutewiseChatCompletionStream {
  const chunk = (choices: ChatCompletionChunk.Choice[]): RoutewiseChatCompletionChunk => {
    const out: RoutewiseChatCompletionChunk = { ...head, object: 'chat.completion.chunk', choices };
    if (includeUsage) out.usage = null;
    return out;
  };
  const choice = (delta: ChatCompletionChunk.Choice.Delta): ChatCompletionChunk.Choice => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: null,
  });

  function* closing(result: RouterResult): Generator<RoutewiseChatCompletionChunk> {
    const identity = providerIdentity(result);
    head.model = result.responseModel ?? result.model;
    if (identity.system_fingerprint !== undefined)
      Object.assign(head, { system_fingerprint: identity.system_fingerprint });
    if (result.toolCalls.length > 0) {
      const calls = toOpenAIToolCalls(result.toolCalls).map((call, index) => ({ index, ...call }));
      yield chunk([choice({ tool_calls: calls })]);
    }
    const finish = chunk([
      { index: 0, delta: {}, logprobs: null, finish_reason: toOpenAIFinishReason(result.finishReason) },
    ]);
    if (!includeUsage) {
      yield { ...finish, routewise: routewiseInfo(result) };
      return;
    }
    yield finish;
    yield {
      ...head,
      object: 'chat.completion.chunk',
      choices: [],
      usage: toOpenAIUsage(result.usage),
      routewise: routewiseInfo(result),
    };
  }

  async function* chunks(): AsyncGenerator<RoutewiseChatCompletionChunk> {
    let next = first;
    yield chunk([choice({ role: 'assistant', content: '', refusal: null })]);
    try {
      while (!next.done) {
        const event = next.value;
        if (event.type === 'text-delta') yield chunk([choice({ content: event.text })]);
        else yield* closing(event.result);
        next = await iterator.next();
      }
    } finally {
      // A `break` (or the controller) ends the router's stream too, which aborts the attempt in flight.
      if (!next.done) await iterator.return?.();
    }
  }

  const generator = chunks();
  void stream.result.catch(() => {});
  return { controller, [Symbol.asyncIterator]: () => generator };
}

import { StreamInterruptedError } from '../errors.js';
import type { ChatStreamEvent } from '../providers/spec/response.js';
import { ABORT_GRACE_MS, AttemptTimeout } from './attempt-deadline.js';
import type { AttemptCall } from './run-route.js';

/**
 * An attempt call through the adapter's `stream`: each text delta goes to `onDelta` as it arrives, and the call
 * resolves to the finished response (usage included), so the route prices it like a completed call.
 *
 * Each read of the next event races the attempt's signal, so an abort (the caller's, the consumer leaving, a
 * deadline) ends the call even when an adapter does not end its stream on abort (after `ABORT_GRACE_MS`, during
 * which a well-behaved adapter reports the abort itself, with the usage it saw). A deadline that runs out after text
 * reached the caller is a `StreamInterruptedError` carrying that text (it is never retried); before any text, the
 * route reports it as a retryable timeout.
 */
export function streamingCall(onDelta: (text: string) => void): AttemptCall {
  return async (target, chat, options) => {
    const { signal, onEvent } = options;
    const iterator = target.adapter.stream(target.model, chat, options)[Symbol.asyncIterator]();
    let text = '';
    let finished: Awaited<ReturnType<AttemptCall>> | undefined;
    let rejectRead: ((reason: unknown) => void) | undefined;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      grace = setTimeout(() => rejectRead?.(signal?.reason), ABORT_GRACE_MS);
    };
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const read = (): Promise<IteratorResult<ChatStreamEvent>> => {
      if (!signal) return iterator.next();
      return new Promise((resolve, reject) => {
        rejectRead = reject;
        iterator.next().then(resolve, reject);
      });
    };
    try {
      for (let next = await read(); !next.done; next = await read()) {
        // Adapters report each provider event themselves; this covers adapters that do not.
        onEvent?.();
        const event = next.value;
        if (event.type === 'text-delta') {
          text += event.text;
          onDelta(event.text);
        } else finished = event.response;
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
      // The read was abandoned: closing the iterator releases the stream once the adapter lets go of it.
      iterator.return?.().catch(() => {});
      const reason: unknown = signal.reason;
      if (!(reason instanceof AttemptTimeout) || text === '') throw error;
      const reported = error as { usage?: StreamInterruptedError['usage']; requestId?: string };
      throw new StreamInterruptedError(
        `${target.providerName} ${target.model}: stream interrupted: ${reason.message}`,
        {
          provider: target.providerName,
          model: target.model,
          partialText: text,
          cause: error,
          ...(reported?.usage ? { usage: reported.usage } : {}),
          ...(reported?.requestId ? { requestId: reported.requestId } : {}),
        },
      );
    } finally {
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
    }
    if (!finished) throw new Error(`${target.providerName} adapter ended a stream without a finish event`);
    return finished;
  };
}

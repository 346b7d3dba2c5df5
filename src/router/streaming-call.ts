import type { AttemptCall } from './run-route.js';

/**
 * An attempt call through the adapter's `stream`: each text delta goes to `onDelta` as it arrives, and the call
 * resolves to the finished response (usage included), so the route prices it like a completed call.
 */
export function streamingCall(onDelta: (text: string) => void): AttemptCall {
  return async (target, chat, options) => {
    let finished: Awaited<ReturnType<AttemptCall>> | undefined;
    for await (const event of target.adapter.stream(target.model, chat, options)) {
      if (event.type === 'text-delta') onDelta(event.text);
      else finished = event.response;
    }
    if (!finished) throw new Error(`${target.providerName} adapter ended a stream without a finish event`);
    return finished;
  };
}

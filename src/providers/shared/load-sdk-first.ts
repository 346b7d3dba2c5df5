import type { ProviderAdapter } from '../spec/provider.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatStreamEvent } from '../spec/response.js';
import type { LazySdk } from './lazy-sdk.js';

/**
 * The adapter with its SDK loaded before its first call. Loading starts now, when the factory runs, so it is
 * usually done by the first call; once it is, calls go straight to the adapter (no extra await, no extra
 * generator around a stream). The factory stays synchronous.
 */
export function loadSdkFirst(adapter: ProviderAdapter, sdk: LazySdk<unknown>): ProviderAdapter {
  // A failure here is reported by the first call (which loads again), not as an unhandled rejection.
  sdk.load().catch(() => {});
  return {
    ...adapter,
    complete(model: string, request: ChatRequest, options?: CallOptions) {
      if (sdk.isLoaded()) return adapter.complete(model, request, options);
      return sdk.load().then(() => adapter.complete(model, request, options));
    },
    stream(model: string, request: ChatRequest, options?: CallOptions): AsyncIterable<ChatStreamEvent> {
      if (sdk.isLoaded()) return adapter.stream(model, request, options);
      return streamOnceLoaded(sdk, () => adapter.stream(model, request, options));
    },
  };
}

async function* streamOnceLoaded(
  sdk: LazySdk<unknown>,
  start: () => AsyncIterable<ChatStreamEvent>,
): AsyncGenerator<ChatStreamEvent> {
  await sdk.load();
  yield* start();
}

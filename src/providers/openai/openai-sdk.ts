import { importSdk } from '../shared/import-sdk.js';
import { type LazySdk, lazySdk } from '../shared/lazy-sdk.js';

/** The parts of the `openai` SDK the OpenAI adapters use at run time. */
export interface OpenAISdk {
  /** The client class; its statics are the SDK's error classes. */
  OpenAI: typeof import('openai').OpenAI;
  /** The SDK's SSE stream (the Responses API stream is read through it). */
  Stream: typeof import('openai/streaming').Stream;
  /** The SDK's SSE decoder (Chat Completions streams are read with it, see `readOpenAIChatStream`). */
  iterSSEMessages: typeof import('openai/core/streaming')._iterSSEMessages;
}

/** The `openai` SDK, loaded when an OpenAI or OpenAI-compatible factory first runs. */
export const openaiSdk: LazySdk<OpenAISdk> = lazySdk('openai', async () => {
  const [main, streaming, core] = await Promise.all([
    importSdk<typeof import('openai')>('openai'),
    importSdk<typeof import('openai/streaming')>('openai/streaming'),
    importSdk<typeof import('openai/core/streaming')>('openai/core/streaming'),
  ]);
  return { OpenAI: main.OpenAI, Stream: streaming.Stream, iterSSEMessages: core._iterSSEMessages };
});

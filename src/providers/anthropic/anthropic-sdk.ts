import { importSdk } from '../shared/import-sdk.js';
import { type LazySdk, lazySdk } from '../shared/lazy-sdk.js';

type AnthropicModule = typeof import('@anthropic-ai/sdk');

/** The parts of `@anthropic-ai/sdk` the Anthropic adapter uses at run time. */
export interface AnthropicSdk {
  /** The client class. */
  Anthropic: AnthropicModule['Anthropic'];
  /** The SDK's error classes. */
  APIError: AnthropicModule['APIError'];
  APIConnectionError: AnthropicModule['APIConnectionError'];
  APIConnectionTimeoutError: AnthropicModule['APIConnectionTimeoutError'];
  APIUserAbortError: AnthropicModule['APIUserAbortError'];
  /** The SDK's JSON-schema reduction to what structured outputs accept. */
  transformJSONSchema: typeof import('@anthropic-ai/sdk/lib/transform-json-schema').transformJSONSchema;
}

/** `@anthropic-ai/sdk`, loaded when `anthropic()` first runs. */
export const anthropicSdk: LazySdk<AnthropicSdk> = lazySdk('@anthropic-ai/sdk', async () => {
  const [main, schema] = await Promise.all([
    importSdk<AnthropicModule>('@anthropic-ai/sdk'),
    importSdk<typeof import('@anthropic-ai/sdk/lib/transform-json-schema')>(
      '@anthropic-ai/sdk/lib/transform-json-schema',
    ),
  ]);
  const { Anthropic, APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } = main;
  return {
    Anthropic,
    APIError,
    APIConnectionError,
    APIConnectionTimeoutError,
    APIUserAbortError,
    transformJSONSchema: schema.transformJSONSchema,
  };
});

import type OpenAI from 'openai';
import type { ProviderError } from '../../errors.js';
import { type CallContext, nonEmpty, toSdkProviderError } from '../shared/sdk-error.js';
import { openaiSdk } from './openai-sdk.js';

export { malformedResponse, streamAborted, streamInterrupted } from '../shared/sdk-error.js';

/** Who made the failed call, and which secrets its messages must not show. */
export type OpenAICallContext = CallContext;

/** Turns anything the OpenAI SDK throws into a `ProviderError` (see `toSdkProviderError`). */
export function toOpenAIProviderError(error: unknown, ctx: OpenAICallContext): ProviderError {
  return toSdkProviderError(error, ctx, openaiSdk.get().OpenAI, (apiError) => {
    const { code, type } = apiError as InstanceType<typeof OpenAI.APIError>;
    return nonEmpty(code) ?? nonEmpty(type);
  });
}

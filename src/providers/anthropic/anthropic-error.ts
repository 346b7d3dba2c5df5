import type { APIError } from '@anthropic-ai/sdk';
import type { ProviderError } from '../../errors.js';
import { type CallContext, nonEmpty, toSdkProviderError } from '../shared/sdk-error.js';
import { anthropicSdk } from './anthropic-sdk.js';

export { malformedResponse, streamAborted, streamInterrupted } from '../shared/sdk-error.js';

/** Who made the failed call, and which secrets its messages must not show. */
export type AnthropicCallContext = CallContext;

/**
 * Turns anything the Anthropic SDK throws into a `ProviderError` (see `toSdkProviderError`): 529 overloaded is
 * retryable like any 5xx; the code is the error's `type` (`rate_limit_error`), else its `errorCode`.
 */
export function toAnthropicProviderError(error: unknown, ctx: AnthropicCallContext): ProviderError {
  return toSdkProviderError(error, ctx, anthropicSdk.get(), (apiError) => {
    const { type, errorCode } = apiError as APIError;
    return nonEmpty(type) ?? nonEmpty(errorCode);
  });
}

import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';
import type { FinishReason } from '../providers/spec/response.js';

/**
 * Routewise's finish reason → the AI SDK's `{ unified, raw }`. The unified values are the same words; `raw` is the
 * answering provider's own stop reason (`end_turn`, `STOP`, `tool_calls`…), or routewise's when the provider sent none.
 */
export function mapRoutewiseFinishReason(reason: FinishReason, raw: string | undefined): LanguageModelV4FinishReason {
  return { unified: reason, raw: raw ?? reason };
}

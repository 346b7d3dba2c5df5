import type { FinishReason } from '../spec/response.js';

/** Maps a Chat Completions `finish_reason` to the normalized finish reason. */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      // Compatible hosts add their own (DeepSeek: `insufficient_system_resource`).
      return 'other';
  }
}

/**
 * Maps a Responses API outcome to the normalized finish reason: the status, the incomplete reason,
 * and whether the output holds function calls (the Responses API has no `tool_calls` status).
 */
export function mapOpenAIResponsesFinishReason(
  status: string | undefined,
  incompleteReason: string | undefined,
  hasToolCalls: boolean,
): FinishReason {
  if (status === 'incomplete') {
    if (incompleteReason === 'max_output_tokens') return 'length';
    if (incompleteReason === 'content_filter') return 'content-filter';
    return 'other';
  }
  if (status === 'failed') return 'error';
  if (status === 'completed') return hasToolCalls ? 'tool-calls' : 'stop';
  return 'other';
}

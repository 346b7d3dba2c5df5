import type { FinishReason } from '../spec/response.js';

/**
 * Anthropic `stop_reason` → normalized finish reason. `pause_turn` (a server tool paused the turn) and
 * `model_context_window_exceeded` have no normalized equivalent and map to `other`.
 */
export function mapAnthropicFinishReason(stopReason: string | null | undefined): FinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

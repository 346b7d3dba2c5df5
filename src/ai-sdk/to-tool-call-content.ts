import type { LanguageModelV4ToolCall } from '@ai-sdk/provider';
import type { ToolCall } from '../providers/spec/message.js';

/**
 * A routewise tool call as the AI SDK's `tool-call` part: input as JSON text. Gemini's thought signature rides in
 * `providerMetadata.routewise.signature`; the AI SDK hands it back as the call part's `providerOptions` next turn.
 */
export function toToolCallContent(call: ToolCall): LanguageModelV4ToolCall {
  const part: LanguageModelV4ToolCall = {
    type: 'tool-call',
    toolCallId: call.id,
    toolName: call.name,
    input: JSON.stringify(call.arguments),
  };
  if (call.signature !== undefined) part.providerMetadata = { routewise: { signature: call.signature } };
  return part;
}

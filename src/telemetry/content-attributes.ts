// Prompt and answer text in the conventions' JSON forms (`gen_ai.input.messages`, `gen_ai.output.messages`), recorded
// only when `telemetry.recordContent` is on.
import type { Message } from '../providers/spec/message.js';
import type { RouterRequest } from '../router/request.js';
import type { RouterResult } from '../router/result.js';

type Part = Record<string, unknown>;

function textParts(content: string | ReadonlyArray<{ type: string; text?: string }>): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  return content.map((part) =>
    part.type === 'text' ? { type: 'text', content: part.text ?? '' } : { type: part.type },
  );
}

function toConventionMessage(message: Message): { role: string; parts: Part[] } {
  switch (message.role) {
    case 'tool':
      return {
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: message.toolCallId, response: message.content }],
      };
    case 'assistant': {
      const parts = textParts(message.content).filter((part) => part.content !== '');
      for (const call of message.toolCalls ?? []) {
        parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
      }
      return { role: 'assistant', parts };
    }
    default:
      return { role: message.role, parts: textParts(message.content) };
  }
}

/** `gen_ai.system_instructions` and `gen_ai.input.messages` of a request. */
export function inputContentAttributes(request: RouterRequest): Record<string, string> {
  const out: Record<string, string> = {
    'gen_ai.input.messages': JSON.stringify(request.messages.map(toConventionMessage)),
  };
  if (request.system !== undefined) {
    out['gen_ai.system_instructions'] = JSON.stringify([{ type: 'text', content: request.system }]);
  }
  return out;
}

/** `gen_ai.output.messages` of a result: its text and tool calls, with the finish reason. */
export function outputContentAttributes(result: RouterResult, finishReason: string): Record<string, string> {
  const parts: Part[] = result.text === '' ? [] : [{ type: 'text', content: result.text }];
  for (const call of result.toolCalls) {
    parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
  }
  return {
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts, finish_reason: finishReason }]),
  };
}

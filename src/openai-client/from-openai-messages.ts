import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from 'openai/resources/chat/completions/completions';
import { InvalidRequestError } from '../errors.js';
import type { ContentPart, Message, TextPart, ToolCall } from '../providers/spec/message.js';
import { UnsupportedParameterError } from './unsupported-parameter-error.js';

/**
 * Converts Chat Completions messages to routewise messages. `developer` becomes `system` (the providers without a
 * developer role read it as one); a tool message learns its tool's name from the assistant call it answers (Gemini
 * needs it). Parts routewise cannot send (audio, files) and a message's `name` are refused, naming their path.
 */
export function fromOpenAIMessages(messages: readonly ChatCompletionMessageParam[]): Message[] {
  if (!Array.isArray(messages)) {
    throw new InvalidRequestError([{ path: 'messages', message: 'must be an array of messages' }]);
  }
  const toolNames = new Map<string, string>();
  const out: Message[] = [];
  messages.forEach((message, i) => {
    const path = `messages[${i}]`;
    if (typeof message !== 'object' || message === null) {
      throw new InvalidRequestError([{ path, message: 'must be a message object' }]);
    }
    if ('name' in message && message.name !== undefined) {
      throw new UnsupportedParameterError(`${path}.name`, 'participant names are not sent by every provider');
    }
    switch (message.role) {
      case 'system':
      case 'developer':
        out.push({ role: 'system', content: joinText(message.content, `${path}.content`) });
        return;
      case 'user':
        out.push({ role: 'user', content: userContent(message.content, `${path}.content`) });
        return;
      case 'assistant': {
        const toolCalls = (message.tool_calls ?? []).map((call: ChatCompletionMessageToolCall, j: number): ToolCall => {
          const callPath = `${path}.tool_calls[${j}]`;
          if (call.type !== 'function') {
            throw new UnsupportedParameterError(
              `${callPath}.type`,
              `only function tool calls are (got "${call.type}")`,
            );
          }
          toolNames.set(call.id, call.function.name);
          return {
            id: call.id,
            name: call.function.name,
            arguments: parseArguments(call.function.arguments, callPath),
          };
        });
        if (message.audio) throw new UnsupportedParameterError(`${path}.audio`, 'audio is not supported');
        if (message.function_call) {
          throw new UnsupportedParameterError(`${path}.function_call`, 'the deprecated function_call; use tool_calls');
        }
        const content = assistantContent(message.content, `${path}.content`);
        out.push(toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content });
        return;
      }
      case 'tool': {
        const toolName = toolNames.get(message.tool_call_id);
        out.push({
          role: 'tool',
          toolCallId: message.tool_call_id,
          content: joinText(message.content, `${path}.content`),
          ...(toolName !== undefined ? { toolName } : {}),
        });
        return;
      }
      case 'function':
        throw new UnsupportedParameterError(`${path}.role`, 'the deprecated function role; use tool messages');
      default:
        throw new InvalidRequestError([
          { path: `${path}.role`, message: `unknown role ${JSON.stringify((message as { role: unknown }).role)}` },
        ]);
    }
  });
  return out;
}

/** A string, or text parts joined (system, developer and tool messages hold text only). */
function joinText(content: string | ReadonlyArray<{ type: string; text?: string }>, path: string): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, j) => {
      if (part.type !== 'text') throw new UnsupportedParameterError(`${path}[${j}].type`, `"${part.type}" parts here`);
      return part.text ?? '';
    })
    .join('');
}

function userContent(content: string | ChatCompletionContentPart[], path: string): string | ContentPart[] {
  if (typeof content === 'string') return content;
  return content.map((part, j): ContentPart => {
    if (part.type === 'text') return { type: 'text', text: part.text };
    if (part.type === 'image_url') {
      if (part.image_url.detail !== undefined && part.image_url.detail !== 'auto') {
        throw new UnsupportedParameterError(`${path}[${j}].image_url.detail`, 'image detail levels are not sent');
      }
      return imagePart(part.image_url.url);
    }
    throw new UnsupportedParameterError(`${path}[${j}].type`, `"${part.type}" parts (only text and image_url are)`);
  });
}

/** A `data:` URL becomes inline data (every provider takes it); any other URL stays a URL. */
function imagePart(url: string): ContentPart {
  const data = /^data:([^;,]+);base64,(.*)$/su.exec(url);
  if (data) return { type: 'image', data: data[2] as string, mediaType: data[1] as string };
  return { type: 'image', url };
}

function assistantContent(
  content: string | ReadonlyArray<{ type: string; text?: string; refusal?: string }> | null | undefined,
  path: string,
): string | TextPart[] {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part, j): TextPart => {
    if (part.type === 'text') return { type: 'text', text: part.text ?? '' };
    if (part.type === 'refusal') return { type: 'text', text: part.refusal ?? '' };
    throw new UnsupportedParameterError(`${path}[${j}].type`, `"${part.type}" parts`);
  });
}

function parseArguments(text: string, path: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? '{}' : text);
  } catch {
    throw new InvalidRequestError([{ path: `${path}.function.arguments`, message: 'must be a JSON object' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError([{ path: `${path}.function.arguments`, message: 'must be a JSON object' }]);
  }
  return value as Record<string, unknown>;
}

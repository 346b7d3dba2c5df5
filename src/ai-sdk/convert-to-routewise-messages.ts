import {
  type LanguageModelV4Prompt,
  type LanguageModelV4ToolResultOutput,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { ContentPart, Message, TextPart, ToolCall } from '../providers/spec/message.js';

/**
 * A file's data as the AI SDK hands it over: spec v4's tagged form (`{ type: 'data' | 'url' | … }`), or spec v3's
 * bare base64 string, bytes or URL (the `ai` 6 line). Both are read, so one converter serves both spec versions.
 */
type FileData = { type: string; data?: unknown; url?: unknown; text?: unknown } | string | Uint8Array | URL;

/** The AI SDK's prompt → routewise messages, with a warning for each part routewise cannot send back. */
export function convertToRoutewiseMessages(prompt: LanguageModelV4Prompt): {
  messages: Message[];
  warnings: SharedV4Warning[];
} {
  const messages: Message[] = [];
  const warnings: SharedV4Warning[] = [];
  let droppedReasoning = false;
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        // One text part is sent as a plain string: the router's fast path for plain-text requests takes it.
        const first = message.content[0];
        if (message.content.length === 1 && first?.type === 'text') {
          messages.push({ role: 'user', content: first.text });
          break;
        }
        const parts: ContentPart[] = message.content.map((part) =>
          part.type === 'text' ? { type: 'text', text: part.text } : toImagePart(part.mediaType, part.data as FileData),
        );
        messages.push({ role: 'user', content: parts });
        break;
      }
      case 'assistant': {
        const text: TextPart[] = [];
        const toolCalls: ToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') text.push({ type: 'text', text: part.text });
          else if (part.type === 'tool-call') toolCalls.push(toToolCall(part));
          else if (part.type === 'reasoning' || part.type === 'reasoning-file') droppedReasoning = true;
          else throw unsupported(`${part.type} parts in assistant messages`);
        }
        const content = text.length === 1 ? (text[0] as TextPart).text : text.length === 0 ? '' : text;
        messages.push(
          toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content },
        );
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') throw unsupported('tool approval responses (provider-executed tools)');
          messages.push({
            role: 'tool',
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            content: toolResultText(part.output),
          });
        }
        break;
    }
  }
  if (droppedReasoning) {
    warnings.push({
      type: 'other',
      message:
        'reasoning parts of earlier assistant turns are not sent back: routewise sends only their text and tool calls',
    });
  }
  return { messages, warnings };
}

function toImagePart(mediaType: string, data: FileData): ContentPart {
  if (!mediaType.startsWith('image')) throw unsupported(`${mediaType} file parts (routewise sends images only)`);
  // An image without a subtype (`image`, `image/*`) is sent as a URL, or as data the providers sniff as JPEG/PNG.
  const known = mediaType.includes('/') && !mediaType.endsWith('/*') ? mediaType : undefined;
  if (data instanceof URL) return { type: 'image', url: data.href, ...(known ? { mediaType: known } : {}) };
  if (typeof data === 'string') return { type: 'image', data, mediaType: known ?? 'image/jpeg' };
  if (data instanceof Uint8Array) return { type: 'image', data: toBase64(data), mediaType: known ?? 'image/jpeg' };
  if (data.type === 'url' && data.url instanceof URL) {
    return { type: 'image', url: data.url.href, ...(known ? { mediaType: known } : {}) };
  }
  if (data.type === 'data') return toImagePart(mediaType, data.data as string | Uint8Array);
  throw unsupported(`image parts given as ${data.type} (send the image's bytes or URL)`);
}

function toToolCall(part: {
  toolCallId: string;
  toolName: string;
  input: unknown;
  providerOptions?: unknown;
}): ToolCall {
  const input = typeof part.input === 'string' ? parseJsonObject(part.input) : part.input;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw unsupported(`tool call ${part.toolName}: input that is not a JSON object`);
  }
  const call: ToolCall = { id: part.toolCallId, name: part.toolName, arguments: input as Record<string, unknown> };
  // Gemini's thought signature travels with its call (see toToolCallContent): sent back, the next turn keeps it.
  const signature = (part.providerOptions as { routewise?: { signature?: unknown } } | undefined)?.routewise?.signature;
  if (typeof signature === 'string') call.signature = signature;
  return call;
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A tool's output as the text the providers take in a tool result. */
function toolResultText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `The tool call was not executed: ${output.reason ?? 'the user denied it'}.`;
    case 'content':
      return output.value
        .map((part) => {
          if (part.type === 'text') return part.text;
          throw unsupported(`${part.type} parts in tool results (routewise sends tool results as text)`);
        })
        .join('\n');
  }
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function unsupported(functionality: string): UnsupportedFunctionalityError {
  return new UnsupportedFunctionalityError({ functionality: `routewise: ${functionality}` });
}

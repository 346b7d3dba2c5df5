/** A text part of a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** An image part, given by URL or as base64 data with its media type. */
export type ImagePart =
  | { type: 'image'; url: string; mediaType?: string }
  | { type: 'image'; data: string; mediaType: string };

/** One part of a multi-part message. */
export type ContentPart = TextPart | ImagePart;

/** A tool call the model asked for. `arguments` is the parsed JSON object the model produced. */
export interface ToolCall {
  /** Provider-assigned id, echoed back in the tool result message. */
  id: string;
  /** Name of the tool to call. */
  name: string;
  /** Arguments parsed from the model's JSON. */
  arguments: Record<string, unknown>;
  /** Opaque provider token to echo back with this call (Gemini `thoughtSignature`); others ignore it. */
  signature?: string;
}

/** A system message (providers that take a separate system prompt get it there). */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** A user message: plain text or multi-part content. */
export interface UserMessage {
  role: 'user';
  content: string | ContentPart[];
}

/** An earlier assistant turn, possibly with tool calls. */
export interface AssistantMessage {
  role: 'assistant';
  content: string | TextPart[];
  toolCalls?: ToolCall[];
}

/** The result of one tool call, answering the assistant's call with the same id. */
export interface ToolResultMessage {
  role: 'tool';
  toolCallId: string;
  /** Name of the tool (Google needs it; others ignore it). */
  toolName?: string;
  content: string;
}

/** One message of a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolResultMessage;

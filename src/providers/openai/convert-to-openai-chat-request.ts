import type OpenAI from 'openai';
import { InvalidRequestError } from '../../errors.js';
import { reasoningEffort } from '../reasoning.js';
import { toJsonSchema } from '../shared/structured-output.js';
import type { ContentPart, Message } from '../spec/message.js';
import type { ChatRequest, ToolChoice } from '../spec/request.js';
import { maxTokensFields, OPENAI_CHAT_DIALECT, type OpenAIChatDialect } from './openai-chat-dialect.js';
import { openaiPromptCacheFields } from './openai-prompt-cache.js';
import { openAIChatOptionFields } from './openai-provider-options.js';

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsNonStreaming;
type ChatMessageParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ChatContentPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/** The Chat Completions body for a request (without `stream`), and what had to change to fit. */
export interface OpenAIChatRequest {
  body: ChatParams;
  warnings: string[];
}

/**
 * Converts a normalized request to a Chat Completions body. The dialect's cap field (OpenAI:
 * `max_completion_tokens`, which counts reasoning inside it; many compatible hosts: `max_tokens`) carries the whole
 * cap; `reasoning_effort` is sent only when asked for.
 */
export function convertToOpenAIChatRequest(
  model: string,
  request: ChatRequest,
  dialect: OpenAIChatDialect = OPENAI_CHAT_DIALECT,
): OpenAIChatRequest {
  const warnings: string[] = [];
  const messages: ChatMessageParam[] = [];
  if (request.system !== undefined && request.system !== '') messages.push({ role: 'system', content: request.system });
  for (const message of request.messages) messages.push(convertMessage(message));

  const body: ChatParams = { model, messages, ...maxTokensFields(request.maxOutputTokens, dialect.maxTokensField) };
  if (request.reasoning) body.reasoning_effort = reasoningEffort(request.reasoning);
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.stop && request.stop.length > 0) {
    checkStopCount(request.stop, dialect.maxStopSequences, dialect.name);
    body.stop = request.stop;
  }
  if (request.logprobs) body.logprobs = true;
  Object.assign(body, openaiPromptCacheFields(request.cache, warnings));
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: toJsonSchema(tool.parameters),
      },
    }));
  }
  if (request.toolChoice !== undefined) {
    if (request.tools && request.tools.length > 0) body.tool_choice = convertToolChoice(request.toolChoice);
    else warnings.push('toolChoice dropped: the request has no tools');
  }
  if (request.output) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: request.output.name ?? 'output', schema: toJsonSchema(request.output.schema), strict: true },
    };
  }
  addMissing(body, openAIChatOptionFields(request.providerOptions, dialect.name));
  return { body, warnings };
}

/**
 * Provider options go in last and only where routewise set nothing: the request check refuses reserved fields, and
 * this keeps every cap routewise set even if a check were missed.
 */
function addMissing(body: object, fields: Record<string, unknown>): void {
  const target = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) if (!(key in target)) target[key] = value;
}

/** More stop sequences than the host accepts is a 400 there: refuse it here, with the path. */
function checkStopCount(stop: string[], max: number | undefined, host: string): void {
  if (max === undefined || stop.length <= max) return;
  throw new InvalidRequestError([
    { path: 'stop', message: `${host} accepts at most ${max} stop sequences; got ${stop.length}` },
  ]);
}

function convertMessage(message: Message): ChatMessageParam {
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content };
    case 'user':
      return {
        role: 'user',
        content: typeof message.content === 'string' ? message.content : message.content.map(convertPart),
      };
    case 'assistant': {
      const text = typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('');
      const toolCalls = message.toolCalls ?? [];
      if (toolCalls.length === 0) return { role: 'assistant', content: text };
      return {
        role: 'assistant',
        // The API wants `null`, not '', beside tool calls when there is no text.
        content: text === '' ? null : text,
        tool_calls: toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      };
    }
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function convertPart(part: ContentPart): ChatContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if ('url' in part) return { type: 'image_url', image_url: { url: part.url } };
  return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.data}` } };
}

function convertToolChoice(choice: ToolChoice): OpenAI.Chat.Completions.ChatCompletionToolChoiceOption {
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

import type OpenAI from 'openai';
import { reasoningEffort } from '../reasoning.js';
import { toJsonSchema } from '../shared/structured-output.js';
import type { ContentPart, Message } from '../spec/message.js';
import type { ChatRequest } from '../spec/request.js';
import { openaiPromptCacheFields } from './openai-prompt-cache.js';
import { openAIResponsesOptionFields } from './openai-provider-options.js';

type ResponsesParams = OpenAI.Responses.ResponseCreateParamsNonStreaming;
type InputItem = OpenAI.Responses.ResponseInputItem;
type InputContent = OpenAI.Responses.ResponseInputContent;

/** The Responses API body for a request (without `stream`), and what had to change to fit. */
export interface OpenAIResponsesRequest {
  body: ResponsesParams;
  warnings: string[];
}

/**
 * Converts a normalized request to a Responses API body: the system prompt goes to `instructions`,
 * tool calls and results become `function_call` / `function_call_output` items, and
 * `max_output_tokens` carries the whole cap (reasoning counts inside it).
 */
export function convertToOpenAIResponsesRequest(model: string, request: ChatRequest): OpenAIResponsesRequest {
  const warnings: string[] = [];
  const input: InputItem[] = request.messages.flatMap(convertMessage);
  const body: ResponsesParams = { model, input, max_output_tokens: request.maxOutputTokens };
  if (request.system !== undefined && request.system !== '') body.instructions = request.system;
  if (request.reasoning) body.reasoning = { effort: reasoningEffort(request.reasoning) };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  Object.assign(body, openaiPromptCacheFields(request.cache, warnings));
  if (request.stop && request.stop.length > 0) {
    warnings.push('stop sequences dropped: the OpenAI Responses API has no stop parameter');
  }
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      parameters: toJsonSchema(tool.parameters),
      // Same contract as Chat Completions: schemas are not required to meet strict mode's rules.
      strict: false,
    }));
  }
  if (request.toolChoice !== undefined) {
    if (!request.tools || request.tools.length === 0) warnings.push('toolChoice dropped: the request has no tools');
    else if (typeof request.toolChoice === 'string') body.tool_choice = request.toolChoice;
    else body.tool_choice = { type: 'function', name: request.toolChoice.name };
  }
  if (request.output) {
    body.text = {
      format: {
        type: 'json_schema',
        name: request.output.name ?? 'output',
        schema: toJsonSchema(request.output.schema),
        strict: true,
      },
    };
  }
  const options = openAIResponsesOptionFields(request.providerOptions, warnings);
  for (const [key, value] of Object.entries(options.fields)) {
    if (!(key in body)) (body as unknown as Record<string, unknown>)[key] = value;
  }
  if (options.verbosity !== undefined) body.text = { ...body.text, verbosity: options.verbosity };
  return { body, warnings };
}

function convertMessage(message: Message): InputItem[] {
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: message.content }];
    case 'user':
      return [
        {
          role: 'user',
          content: typeof message.content === 'string' ? message.content : message.content.map(convertPart),
        },
      ];
    case 'assistant': {
      const text = typeof message.content === 'string' ? message.content : message.content.map((p) => p.text).join('');
      const items: InputItem[] = text === '' ? [] : [{ role: 'assistant', content: text }];
      for (const call of message.toolCalls ?? []) {
        items.push({
          type: 'function_call',
          call_id: call.id,
          name: call.name,
          arguments: JSON.stringify(call.arguments),
        });
      }
      return items;
    }
    case 'tool':
      return [{ type: 'function_call_output', call_id: message.toolCallId, output: message.content }];
  }
}

function convertPart(part: ContentPart): InputContent {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  const url = 'url' in part ? part.url : `data:${part.mediaType};base64,${part.data}`;
  return { type: 'input_image', image_url: url, detail: 'auto' };
}

/**
 * Normalized `ChatRequest` → Anthropic Messages params (`@anthropic-ai/sdk` 1.12.0).
 *
 * Output cap and thinking. Anthropic counts thinking tokens inside `max_tokens`, so `max_tokens` is
 * `request.maxOutputTokens` unchanged and the cap holds for all billed output. The thinking budget
 * (`reasoningBudget()`, see `../reasoning.ts`) must be ≥ 1024 and < `max_tokens`, and routewise also keeps the
 * answer's floor `f = answerFloor(max_tokens)` (25% of the cap, at least 256 tokens) free of thinking:
 *
 * | request                                    | `thinking` sent                                    | warning |
 * |--------------------------------------------|----------------------------------------------------|---------|
 * | no `reasoning`                             | (none: the model's default)                        | no      |
 * | effort `none` / budget 0                   | `{ type: 'disabled' }`                             | no      |
 * | budget b, 1024 ≤ b ≤ max_tokens − f        | `{ type: 'enabled', budget_tokens: b }`            | no      |
 * | budget b < 1024, max_tokens − f ≥ 1024     | `{ type: 'enabled', budget_tokens: 1024 }`         | yes     |
 * | budget b > max_tokens − f ≥ 1024           | `{ type: 'enabled', budget_tokens: max_tokens − f }`| yes    |
 * | budget b > 0, max_tokens − f < 1024        | refused: `InvalidRequestError` on `reasoning`      | —       |
 *
 * Other fields:
 * - `system`: the system prompt and every system message (wherever it sits), joined by blank lines.
 * - tool results become `tool_result` blocks in a user turn; consecutive results share one turn.
 * - `cache` sends the top-level `cache_control: { type: 'ephemeral', ttl? }`, which marks the last cacheable
 *   block (the whole prompt prefix); `cache.key` has no Anthropic counterpart and is dropped with a warning.
 * - `temperature` is not a parameter of `MessageCreateParams` in SDK 1.12.0: it is dropped with a warning.
 * - structured output goes to `output_config.format` (`json_schema`), adapted by the SDK's own
 *   `transformJSONSchema` to the subset Anthropic accepts (a warning says when that changed the schema).
 */
import type Anthropic from '@anthropic-ai/sdk';
import { fitThinkingBudget, reasoningBudget } from '../reasoning.js';
import { anthropicOptionFields } from './anthropic-provider-options.js';
import { toJsonSchema } from '../shared/structured-output.js';
import type { ContentPart, ImagePart, ToolCall } from '../spec/message.js';
import type { ChatRequest, JsonSchema, ToolChoice } from '../spec/request.js';
import { anthropicSdk } from './anthropic-sdk.js';

/** Smallest `thinking.budget_tokens` Anthropic accepts. */
export const ANTHROPIC_MIN_THINKING_BUDGET = 1024;

/** The Messages params (without `model` and `stream`), and what had to be dropped or changed. */
export interface AnthropicRequestConversion {
  params: Omit<Anthropic.MessageCreateParamsNonStreaming, 'model' | 'stream'>;
  warnings: string[];
}

type ImageMediaType = Anthropic.Base64ImageSource['media_type'];
const IMAGE_MEDIA_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Converts a normalized request to Anthropic Messages params. */
export function convertToAnthropicRequest(request: ChatRequest): AnthropicRequestConversion {
  const warnings: string[] = [];
  const { system, messages } = convertMessages(request, warnings);
  const params: AnthropicRequestConversion['params'] = {
    max_tokens: request.maxOutputTokens,
    messages,
  };
  if (system !== undefined) params.system = system;

  const thinking = convertThinking(request, warnings);
  if (thinking) params.thinking = thinking;

  if (request.tools && request.tools.length > 0) {
    params.tools = request.tools.map((tool) => {
      const converted: Anthropic.Tool = {
        name: tool.name,
        input_schema: toJsonSchema(tool.parameters) as Anthropic.Tool.InputSchema,
      };
      if (tool.description !== undefined) converted.description = tool.description;
      return converted;
    });
  }
  if (request.toolChoice !== undefined) params.tool_choice = convertToolChoice(request.toolChoice);

  if (request.output) {
    params.output_config = {
      format: { type: 'json_schema', schema: convertOutputSchema(request.output.schema, warnings) },
    };
  }
  if (request.stop && request.stop.length > 0) params.stop_sequences = [...request.stop];
  if (request.cache) {
    params.cache_control = { type: 'ephemeral', ...(request.cache.ttl ? { ttl: request.cache.ttl } : {}) };
    if (request.cache.key !== undefined) {
      warnings.push('cache.key was not sent: Anthropic caches by exact prefix and has no cache key parameter');
    }
  }
  if (request.temperature !== undefined) {
    warnings.push(
      `temperature ${request.temperature} was not sent: @anthropic-ai/sdk 1.12.0 (API 2026-10-21) has no temperature parameter`,
    );
  }
  // Provider options only where routewise set nothing (reserved fields were refused when the request was checked).
  for (const [key, value] of Object.entries(anthropicOptionFields(request.providerOptions))) {
    if (!(key in params)) (params as unknown as Record<string, unknown>)[key] = value;
  }
  return { params, warnings };
}

/** Applies the thinking table above. */
function convertThinking(request: ChatRequest, warnings: string[]): Anthropic.ThinkingConfigParam | undefined {
  if (!request.reasoning) return undefined;
  if (reasoningBudget(request.reasoning) <= 0) return { type: 'disabled' };
  const fit = fitThinkingBudget({
    provider: 'Anthropic',
    cap: request.maxOutputTokens,
    reasoning: request.reasoning,
    minBudget: ANTHROPIC_MIN_THINKING_BUDGET,
  });
  warnings.push(...fit.warnings);
  return { type: 'enabled', budget_tokens: fit.budget };
}

function convertToolChoice(choice: ToolChoice): Anthropic.ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

/** The SDK's own schema adaptation (as its `jsonSchemaOutputFormat` helper does), kept visible as a warning. */
function convertOutputSchema(schema: Parameters<typeof toJsonSchema>[0], warnings: string[]): JsonSchema {
  const json = toJsonSchema(schema);
  let adapted: JsonSchema;
  try {
    adapted = anthropicSdk.get().transformJSONSchema(json);
  } catch (error) {
    warnings.push(`output schema sent unchanged; the SDK could not adapt it: ${(error as Error).message}`);
    return json;
  }
  if (canonical(adapted) !== canonical(json)) {
    warnings.push(
      "output schema adapted to Anthropic's structured-output subset (additionalProperties: false; unsupported keywords moved into descriptions)",
    );
  }
  return adapted;
}

/** JSON with sorted keys, to compare schemas regardless of key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function convertMessages(
  request: ChatRequest,
  warnings: string[],
): { system: string | undefined; messages: Anthropic.MessageParam[] } {
  const systemParts: string[] = [];
  if (request.system) systemParts.push(request.system);
  const messages: Anthropic.MessageParam[] = [];
  // The user turn currently collecting tool results, so consecutive results share it.
  let toolResultTurn: Anthropic.ContentBlockParam[] | undefined;

  for (const message of request.messages) {
    if (message.role === 'tool') {
      const block: Anthropic.ToolResultBlockParam = {
        type: 'tool_result',
        tool_use_id: message.toolCallId,
        content: message.content,
      };
      if (toolResultTurn) {
        toolResultTurn.push(block);
      } else {
        toolResultTurn = [block];
        messages.push({ role: 'user', content: toolResultTurn });
      }
      continue;
    }
    if (message.role === 'system') {
      if (message.content) systemParts.push(message.content);
      // A system message does not end a run of tool results: it is hoisted out of the conversation.
      continue;
    }
    toolResultTurn = undefined;
    messages.push(message.role === 'user' ? convertUser(message.content, warnings) : convertAssistant(message));
  }
  return { system: systemParts.length > 0 ? systemParts.join('\n\n') : undefined, messages };
}

function convertUser(content: string | ContentPart[], warnings: string[]): Anthropic.MessageParam {
  if (typeof content === 'string') return { role: 'user', content };
  return {
    role: 'user',
    content: content.map(
      (part): Anthropic.ContentBlockParam =>
        part.type === 'text' ? { type: 'text', text: part.text } : convertImage(part, warnings),
    ),
  };
}

function convertImage(part: ImagePart, warnings: string[]): Anthropic.ImageBlockParam {
  if ('url' in part) {
    // A data: URL is inline data, which Anthropic takes as a base64 source, not a URL source.
    const inline = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
    if (!inline) return { type: 'image', source: { type: 'url', url: part.url } };
    return { type: 'image', source: base64Source(inline[1] as string, inline[2] as string, warnings) };
  }
  return { type: 'image', source: base64Source(part.mediaType, part.data, warnings) };
}

function base64Source(mediaType: string, data: string, warnings: string[]): Anthropic.Base64ImageSource {
  if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
    warnings.push(`image media type ${mediaType} is not one Anthropic documents (jpeg, png, gif, webp); sent as is`);
  }
  return { type: 'base64', media_type: mediaType as ImageMediaType, data };
}

function convertAssistant(message: {
  content: string | { text: string }[];
  toolCalls?: ToolCall[];
}): Anthropic.MessageParam {
  const texts = typeof message.content === 'string' ? [message.content] : message.content.map((part) => part.text);
  const blocks: Anthropic.ContentBlockParam[] = texts
    .filter((text) => text !== '') // Anthropic rejects empty text blocks.
    .map((text) => ({ type: 'text', text }));
  for (const call of message.toolCalls ?? []) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: call.arguments });
  }
  if (blocks.length === 0) return { role: 'assistant', content: '' };
  return { role: 'assistant', content: blocks };
}

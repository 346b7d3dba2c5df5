import type { ToolCall } from '../spec/message.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import type { ChatResponse } from '../spec/response.js';
import { convertOpenAIChatUsage, type OpenAIChatUsage } from './convert-openai-chat-usage.js';
import { convertOpenAILogprobs } from './convert-openai-logprobs.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { malformedResponse, type OpenAICallContext } from './openai-error.js';
import { parseOpenAIToolArguments } from './parse-openai-tool-arguments.js';

interface RawToolCall {
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
}

interface RawChatCompletion {
  model?: string;
  choices?: Array<{
    finish_reason?: string | null;
    logprobs?: unknown;
    message?: { content?: string | null; refusal?: string | null; tool_calls?: RawToolCall[] | null };
  }>;
  usage?: OpenAIChatUsage | null;
}

/**
 * Converts a Chat Completions response body to a `ChatResponse`. The body is checked rather than
 * trusted: a compatible host (or a proxy in between) may send anything with a 200.
 */
export function convertOpenAIChatResponse(
  raw: unknown,
  ctx: OpenAICallContext,
  requestWarnings: string[],
  requestId: string | undefined,
): ChatResponse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw malformedResponse(ctx, `expected a JSON object, got ${describe(raw)}`, { requestId });
  }
  const body = raw as RawChatCompletion;
  const choice = Array.isArray(body.choices) ? body.choices[0] : undefined;
  if (!choice || typeof choice !== 'object') {
    throw malformedResponse(ctx, 'no `choices[0]` in the response', { requestId });
  }
  const warnings = [...requestWarnings];
  const message = choice.message ?? {};
  if (message.refusal) warnings.push(`the model refused: ${message.refusal}`);
  if (!body.usage) warnings.push('the provider reported no usage; counts are zero');
  const toolCalls = convertToolCalls(message.tool_calls, ctx, warnings, requestId);
  const rawFinishReason = choice.finish_reason ?? undefined;
  const logprobs = convertOpenAILogprobs(choice.logprobs);
  return {
    text: typeof message.content === 'string' ? message.content : '',
    toolCalls,
    finishReason: mapOpenAIFinishReason(rawFinishReason),
    rawFinishReason,
    usage: convertOpenAIChatUsage(body.usage),
    responseModel: typeof body.model === 'string' ? body.model : undefined,
    requestId,
    ...(logprobs ? { logprobs } : {}),
    warnings,
    // A proxy may add fields echoing the key; key-shaped text in the answer itself stays.
    raw: scrubSecrets(raw, ctx.secrets, { keyShapes: false }),
  };
}

/** Converts finished tool calls (their arguments complete JSON strings) to normalized ones. */
export function convertToolCalls(
  calls: RawToolCall[] | null | undefined,
  ctx: OpenAICallContext,
  warnings: string[],
  requestId?: string,
): ToolCall[] {
  const result: ToolCall[] = [];
  for (const call of calls ?? []) {
    if (call.type !== undefined && call.type !== 'function') {
      warnings.push(`tool call of type "${call.type}" dropped: only function tools are supported`);
      continue;
    }
    const name = call.function?.name;
    if (typeof name !== 'string' || name === '' || typeof call.id !== 'string') {
      throw malformedResponse(ctx, 'a tool call lacks its id or function name', { requestId });
    }
    result.push({
      id: call.id,
      name,
      arguments: parseOpenAIToolArguments(call.function?.arguments, name, ctx, requestId),
    });
  }
  return result;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `text starting ${JSON.stringify(value.slice(0, 40))}`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value;
}

import type Anthropic from '@anthropic-ai/sdk';
import type { ToolCall } from '../spec/message.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import type { ChatResponse } from '../spec/response.js';
import { type AnthropicCallContext, malformedResponse } from './anthropic-error.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';

/**
 * A non-streaming `Message` → normalized response. The body is checked first: a 200 without a
 * `content` array or a `usage` object is not a documented answer, and its cost would be unknown.
 */
export function convertAnthropicResponse(
  body: unknown,
  ctx: AnthropicCallContext,
  requestWarnings: string[],
  requestId: string | undefined,
): ChatResponse {
  if (!isRecord(body)) {
    throw malformedResponse(ctx, `expected a JSON object, got ${describe(body)}`, { requestId });
  }
  if (!Array.isArray(body.content)) throw malformedResponse(ctx, 'the message has no `content` array', { requestId });
  if (!isRecord(body.usage)) throw malformedResponse(ctx, 'the message has no `usage` object', { requestId });
  const message = body as unknown as Anthropic.Message;
  const warnings = [...requestWarnings];

  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content as unknown[]) {
    if (!isRecord(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use') toolCalls.push(toToolCall(block, warnings));
    // thinking / redacted_thinking are not part of the visible answer.
  }
  const stopReason = typeof message.stop_reason === 'string' ? message.stop_reason : undefined;
  if (stopReason === 'refusal') warnings.push('the model refused to answer (stop_reason: refusal)');
  return {
    text,
    toolCalls,
    finishReason: mapAnthropicFinishReason(stopReason),
    rawFinishReason: stopReason,
    usage: convertAnthropicUsage(message.usage),
    responseModel: typeof message.model === 'string' ? message.model : undefined,
    requestId,
    warnings,
    // A proxy may add fields echoing the key; key-shaped text in the answer itself stays.
    raw: scrubSecrets(body, ctx.secrets, { keyShapes: false }),
  };
}

/** A `tool_use` block (complete, or assembled from a stream) → normalized tool call. */
export function toToolCall(block: Record<string, unknown>, warnings: string[]): ToolCall {
  const name = typeof block.name === 'string' ? block.name : '';
  let args: Record<string, unknown> = {};
  if (isRecord(block.input)) args = block.input;
  else if (block.input !== undefined && block.input !== null) {
    warnings.push(`tool call ${name}: input was not a JSON object (${describe(block.input)}); arguments left empty`);
  }
  return { id: typeof block.id === 'string' ? block.id : '', name, arguments: args };
}

/** Whether a value is a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `text "${value.slice(0, 60)}"`;
  return Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value);
}

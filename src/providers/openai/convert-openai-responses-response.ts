import { ProviderError } from '../../errors.js';
import { redact } from '../shared/redact.js';
import { scrubSecrets } from '../shared/scrub-secrets.js';
import type { ToolCall } from '../spec/message.js';
import type { ChatResponse } from '../spec/response.js';
import { convertOpenAIResponsesUsage, type OpenAIResponsesUsage } from './convert-openai-responses-usage.js';
import { mapOpenAIResponsesFinishReason } from './map-openai-finish-reason.js';
import { malformedResponse, type OpenAICallContext } from './openai-error.js';
import { parseOpenAIToolArguments } from './parse-openai-tool-arguments.js';

interface RawOutputItem {
  type?: string;
  content?: Array<{ type?: string; text?: string; refusal?: string }>;
  call_id?: string;
  name?: string;
  arguments?: string;
}

/** The parts of a Responses API `Response` object the adapter reads. */
export interface RawOpenAIResponse {
  model?: string;
  status?: string;
  output?: RawOutputItem[];
  incomplete_details?: { reason?: string } | null;
  error?: { code?: string; message?: string } | null;
  usage?: OpenAIResponsesUsage | null;
}

/**
 * Converts a Responses API `Response` (from `create` or from a stream's terminal event) to a
 * `ChatResponse`. A `failed` response throws a `ProviderError` that carries the usage billed.
 */
export function convertOpenAIResponsesResponse(
  raw: unknown,
  ctx: OpenAICallContext,
  requestWarnings: string[],
  requestId: string | undefined,
): ChatResponse {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as RawOpenAIResponse).output)) {
    throw malformedResponse(ctx, 'no `output` array in the response', { requestId });
  }
  const body = raw as RawOpenAIResponse;
  const usage = convertOpenAIResponsesUsage(body.usage);
  if (body.status === 'failed') {
    const code = body.error?.code;
    const message = `${ctx.provider} ${ctx.model}: response failed: ${body.error?.message ?? 'unknown error'}`;
    throw new ProviderError(redact(message, ctx.secrets), {
      provider: ctx.provider,
      model: ctx.model,
      kind: 'unknown',
      retryable: code === 'server_error' || code === 'rate_limit_exceeded',
      requestId,
      code,
      usage,
    });
  }
  const warnings = [...requestWarnings];
  if (!body.usage) warnings.push('the provider reported no usage; counts are zero');
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const item of body.output ?? []) {
    if (item.type === 'message') {
      for (const part of item.content ?? []) {
        if (part.type === 'output_text' && typeof part.text === 'string') text += part.text;
        else if (part.type === 'refusal') warnings.push(`the model refused: ${part.refusal ?? ''}`);
      }
    } else if (item.type === 'function_call') {
      if (typeof item.call_id !== 'string' || typeof item.name !== 'string') {
        throw malformedResponse(ctx, 'a function_call item lacks its call_id or name', { requestId });
      }
      toolCalls.push({
        id: item.call_id,
        name: item.name,
        arguments: parseOpenAIToolArguments(item.arguments, item.name, ctx, requestId),
      });
    }
  }
  const incompleteReason = body.incomplete_details?.reason;
  return {
    text,
    toolCalls,
    finishReason: mapOpenAIResponsesFinishReason(body.status, incompleteReason, toolCalls.length > 0),
    rawFinishReason: incompleteReason ?? body.status,
    usage,
    responseModel: typeof body.model === 'string' ? body.model : undefined,
    requestId,
    warnings,
    // A proxy may add fields echoing the key; key-shaped text in the answer itself stays.
    raw: scrubSecrets(raw, ctx.secrets, { keyShapes: false }),
  };
}

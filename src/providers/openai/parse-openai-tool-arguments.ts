import { malformedResponse, type OpenAICallContext } from './openai-error.js';

/**
 * Parses a tool call's JSON-string arguments into an object. An empty string means no arguments
 * (some models send it for parameterless tools); anything that is not a JSON object is malformed.
 */
export function parseOpenAIToolArguments(
  raw: string | null | undefined,
  toolName: string,
  ctx: OpenAICallContext,
  requestId?: string,
): Record<string, unknown> {
  if (raw === undefined || raw === null || raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw malformedResponse(
      ctx,
      `arguments of tool call "${toolName}" are not valid JSON: ${(error as Error).message}`,
      {
        requestId,
        cause: error,
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformedResponse(ctx, `arguments of tool call "${toolName}" are not a JSON object`, { requestId });
  }
  return value as Record<string, unknown>;
}

import type { GenerateContentResponse, Part } from '@google/genai';
import type { ToolCall } from '../spec/message.js';
import type { ChatResponse } from '../spec/response.js';
import { convertGoogleUsage } from './convert-google-usage.js';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

/** Visible text and tool calls read from a list of Gemini parts (thought parts left out). */
export interface GoogleParts {
  text: string;
  toolCalls: ToolCall[];
}

/**
 * Reads text and function calls from parts. Thought parts (`thought: true`) are thinking, not answer.
 * `firstCallIndex` numbers generated ids across the chunks of a stream.
 */
export function readGoogleParts(parts: Part[] | undefined, firstCallIndex = 0): GoogleParts {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const part of parts ?? []) {
    if (part.thought) continue;
    if (typeof part.text === 'string') text += part.text;
    if (part.functionCall) {
      const call = part.functionCall;
      const toolCall: ToolCall = {
        id: call.id || `call_${firstCallIndex + toolCalls.length}`,
        name: call.name ?? '',
        arguments: (call.args ?? {}) as Record<string, unknown>,
      };
      if (part.thoughtSignature) toolCall.signature = part.thoughtSignature;
      toolCalls.push(toolCall);
    }
  }
  return { text, toolCalls };
}

/** Whether a response is a prompt blocked before generation (`promptFeedback.blockReason`, no candidates). */
export function promptBlockReason(response: GenerateContentResponse): string | undefined {
  if (response.candidates && response.candidates.length > 0) return undefined;
  return response.promptFeedback?.blockReason;
}

/**
 * Builds the normalized response from Gemini's pieces (shared by `complete` and the end of a stream).
 * A blocked prompt gives `content-filter` with empty text.
 */
export function buildGoogleResponse(args: {
  parts: GoogleParts;
  rawFinishReason: string | undefined;
  blockReason?: string | undefined;
  response: GenerateContentResponse | undefined;
  usageMetadata: GenerateContentResponse['usageMetadata'];
  warnings: string[];
  raw: unknown;
}): ChatResponse {
  const { parts, response, blockReason } = args;
  const warnings = [...args.warnings];
  if (!args.usageMetadata) warnings.push('Gemini reported no usageMetadata; usage counted as zero');
  if (blockReason) warnings.push(`Gemini blocked the prompt: ${blockReason}`);
  if (args.rawFinishReason === 'CONTINUATION') {
    warnings.push('Gemini paused with CONTINUATION; automatic continuation is off, so the answer may be incomplete');
  }
  const result: ChatResponse = {
    text: parts.text,
    toolCalls: parts.toolCalls,
    finishReason: blockReason
      ? 'content-filter'
      : mapGoogleFinishReason(args.rawFinishReason, parts.toolCalls.length > 0),
    usage: convertGoogleUsage(args.usageMetadata),
    warnings,
    raw: args.raw,
  };
  const rawFinishReason = blockReason ?? args.rawFinishReason;
  if (rawFinishReason !== undefined) result.rawFinishReason = rawFinishReason;
  if (response?.modelVersion) result.responseModel = response.modelVersion;
  if (response?.responseId) result.requestId = response.responseId;
  return result;
}

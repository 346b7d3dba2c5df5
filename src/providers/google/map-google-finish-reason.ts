import type { FinishReason } from '../spec/response.js';

const CONTENT_FILTER = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
]);

/**
 * Gemini `candidates[].finishReason` → normalized finish reason. Gemini reports `STOP` also when the answer
 * is a function call, so `hasToolCalls` turns that into `tool-calls`.
 */
export function mapGoogleFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'STOP') return hasToolCalls ? 'tool-calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && CONTENT_FILTER.has(reason)) return 'content-filter';
  if (reason === 'MALFORMED_FUNCTION_CALL') return 'error';
  return 'other';
}

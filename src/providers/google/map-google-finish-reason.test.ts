import { describe, expect, it } from 'vitest';
import { mapGoogleFinishReason } from './map-google-finish-reason.js';

describe('mapGoogleFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool-calls'],
    ['MAX_TOKENS', false, 'length'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content-filter'],
    ['RECITATION', false, 'content-filter'],
    ['BLOCKLIST', false, 'content-filter'],
    ['PROHIBITED_CONTENT', false, 'content-filter'],
    ['SPII', false, 'content-filter'],
    ['IMAGE_SAFETY', false, 'content-filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'error'],
    ['LANGUAGE', false, 'other'],
    ['OTHER', false, 'other'],
    ['UNEXPECTED_TOOL_CALL', false, 'other'],
    ['CONTINUATION', false, 'other'],
    ['FINISH_REASON_UNSPECIFIED', false, 'other'],
    [undefined, false, 'other'],
  ] as const)('%s (tool calls: %s) → %s', (raw, hasToolCalls, expected) => {
    expect(mapGoogleFinishReason(raw, hasToolCalls)).toBe(expected);
  });
});

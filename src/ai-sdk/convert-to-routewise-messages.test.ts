import { UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { convertToRoutewiseMessages } from './convert-to-routewise-messages.js';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

describe('convertToRoutewiseMessages', () => {
  it('keeps system messages in place and sends a single text part as a plain string', () => {
    const { messages, warnings } = convertToRoutewiseMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('sends images given as v4 data, v4 URLs, v3 base64 strings, v3 bytes and v3 URLs', () => {
    const bytes = Uint8Array.from(Buffer.from(PNG_BASE64, 'base64'));
    const { messages } = convertToRoutewiseMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare:' },
          { type: 'file', mediaType: 'image/png', data: { type: 'data', data: PNG_BASE64 } },
          { type: 'file', mediaType: 'image/*', data: { type: 'url', url: new URL('https://example.com/a.jpg') } },
          { type: 'file', mediaType: 'image/png', data: PNG_BASE64 as never },
          { type: 'file', mediaType: 'image/png', data: bytes as never },
          { type: 'file', mediaType: 'image/webp', data: new URL('https://example.com/b.webp') as never },
        ],
      },
    ]);
    expect(messages[0]?.content).toEqual([
      { type: 'text', text: 'Compare:' },
      { type: 'image', data: PNG_BASE64, mediaType: 'image/png' },
      { type: 'image', url: 'https://example.com/a.jpg' },
      { type: 'image', data: PNG_BASE64, mediaType: 'image/png' },
      { type: 'image', data: PNG_BASE64, mediaType: 'image/png' },
      { type: 'image', url: 'https://example.com/b.webp', mediaType: 'image/webp' },
    ]);
  });

  it('refuses files that are not images with UnsupportedFunctionalityError', () => {
    const convert = () =>
      convertToRoutewiseMessages([
        {
          role: 'user',
          content: [{ type: 'file', mediaType: 'application/pdf', data: { type: 'data', data: 'JVBERi0=' } }],
        },
      ]);
    expect(convert).toThrow(UnsupportedFunctionalityError);
    expect(convert).toThrow(/application\/pdf file parts/);
  });

  it('turns assistant tool calls and tool results into routewise messages, signatures included', () => {
    const { messages, warnings } = convertToRoutewiseMessages([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'I should look it up.' },
          { type: 'text', text: 'Checking.' },
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'get_weather',
            input: { city: 'Paris' },
            providerOptions: { routewise: { signature: 'sig-abc' } },
          },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'get_weather',
            output: { type: 'json', value: { c: 18 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            toolName: 'lookup',
            output: { type: 'error-text', value: 'boom' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_3',
            toolName: 'delete',
            output: { type: 'execution-denied', reason: 'not allowed' },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_4',
            toolName: 'notes',
            output: {
              type: 'content',
              value: [
                { type: 'text', text: 'a' },
                { type: 'text', text: 'b' },
              ],
            },
          },
        ],
      },
    ]);
    expect(messages).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' }, signature: 'sig-abc' }],
      },
      { role: 'tool', toolCallId: 'call_1', toolName: 'get_weather', content: '{"c":18}' },
      { role: 'tool', toolCallId: 'call_2', toolName: 'lookup', content: 'boom' },
      {
        role: 'tool',
        toolCallId: 'call_3',
        toolName: 'delete',
        content: 'The tool call was not executed: not allowed.',
      },
      { role: 'tool', toolCallId: 'call_4', toolName: 'notes', content: 'a\nb' },
    ]);
    // The earlier turn's reasoning is not sent, and that is said.
    expect(warnings).toEqual([expect.objectContaining({ type: 'other', message: expect.stringMatching(/reasoning/) })]);
  });

  it('refuses provider-executed tool approvals', () => {
    expect(() =>
      convertToRoutewiseMessages([
        { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: 'a1', approved: true }] },
      ]),
    ).toThrow(UnsupportedFunctionalityError);
  });
});

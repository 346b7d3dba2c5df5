import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidRequestError } from '../../errors.js';
import type { ChatRequest } from '../spec/request.js';
import { anthropicSdk } from './anthropic-sdk.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

// The adapter loads the SDK before converting (it is loaded on first use); this test calls the converter directly.
beforeAll(() => anthropicSdk.load());

const base = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  maxOutputTokens: 4000,
  ...extra,
});

describe('convertToAnthropicRequest: max_tokens and thinking', () => {
  it('sends max_tokens as the cap and no thinking when the request has no reasoning', () => {
    const { params, warnings } = convertToAnthropicRequest(base());
    expect(params.max_tokens).toBe(4000);
    expect(params).not.toHaveProperty('thinking');
    expect(warnings).toEqual([]);
  });

  it('enables thinking with the effort budget when it fits (1024 ≤ b < max_tokens)', () => {
    const { params, warnings } = convertToAnthropicRequest(base({ reasoning: { effort: 'low' } }));
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(params.max_tokens).toBe(4000);
    expect(warnings).toEqual([]);
  });

  it('disables thinking for effort none and for a zero budget', () => {
    expect(convertToAnthropicRequest(base({ reasoning: { effort: 'none' } })).params.thinking).toEqual({
      type: 'disabled',
    });
    expect(convertToAnthropicRequest(base({ reasoning: { budgetTokens: 0 } })).params.thinking).toEqual({
      type: 'disabled',
    });
  });

  it('raises a budget below 1024 to 1024, with a warning', () => {
    const { params, warnings } = convertToAnthropicRequest(base({ reasoning: { budgetTokens: 500 } }));
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/raised/);
  });

  it('lowers a budget above max_tokens − floor, with a warning, keeping max_tokens as the cap', () => {
    const { params, warnings } = convertToAnthropicRequest(
      base({ maxOutputTokens: 3000, reasoning: { effort: 'high' } }),
    );
    expect(params.max_tokens).toBe(3000);
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 2250 });
    expect(warnings[0]).toMatch(/lowered to 2250 so the answer keeps at least 750 of maxOutputTokens 3000/);
    const equal = convertToAnthropicRequest(base({ maxOutputTokens: 2048, reasoning: { budgetTokens: 2048 } }));
    expect(equal.params.thinking).toEqual({ type: 'enabled', budget_tokens: 1536 });
  });

  it('the default 4096 cap with effort medium keeps 1024 tokens for the answer', () => {
    const { params } = convertToAnthropicRequest(base({ maxOutputTokens: 4096, reasoning: { effort: 'medium' } }));
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 3072 });
  });

  it('refuses reasoning when 1024 thinking tokens and the answer floor cannot both fit', () => {
    for (const maxOutputTokens of [800, 1024, 1365]) {
      expect(() => convertToAnthropicRequest(base({ maxOutputTokens, reasoning: { effort: 'medium' } }))).toThrow(
        InvalidRequestError,
      );
    }
    expect(() => convertToAnthropicRequest(base({ maxOutputTokens: 1024, reasoning: { effort: 'low' } }))).toThrow(
      /Anthropic needs at least 1024 thinking tokens.*raise maxOutputTokens to 1366 or more/,
    );
  });

  it('at max_tokens 1366 a small budget becomes exactly 1024', () => {
    const { params } = convertToAnthropicRequest(base({ maxOutputTokens: 1366, reasoning: { effort: 'minimal' } }));
    expect(params.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
  });
});

describe('convertToAnthropicRequest: messages', () => {
  it('joins the system prompt and system messages into `system`', () => {
    const { params } = convertToAnthropicRequest(
      base({
        system: 'You are terse.',
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'Never use emoji.' },
        ],
      }),
    );
    expect(params.system).toBe('You are terse.\n\nAnswer in French.\n\nNever use emoji.');
    expect(params.messages).toEqual([{ role: 'user', content: 'hi' }]);
  });

  it('converts images: URL → url source, base64 and data: URLs → base64 source', () => {
    const { params, warnings } = convertToAnthropicRequest(
      base({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', url: 'https://example.test/cat.png' },
              { type: 'image', data: 'iVBORw0KGgo=', mediaType: 'image/png' },
              { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' },
            ],
          },
        ],
      }),
    );
    expect(params.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { type: 'url', url: 'https://example.test/cat.png' } },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      ],
    });
    expect(warnings).toEqual([]);
  });

  it('converts assistant tool calls to tool_use blocks and merges consecutive tool results into one user turn', () => {
    const { params } = convertToAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: 'Checking both.',
            toolCalls: [
              { id: 'toolu_1', name: 'get_weather', arguments: { city: 'Paris' } },
              { id: 'toolu_2', name: 'get_weather', arguments: { city: 'Rome' } },
            ],
          },
          { role: 'tool', toolCallId: 'toolu_1', content: '18°C' },
          { role: 'tool', toolCallId: 'toolu_2', content: '24°C' },
          { role: 'user', content: 'Which is warmer?' },
        ],
      }),
    );
    expect(params.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking both.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: '24°C' },
        ],
      },
      { role: 'user', content: 'Which is warmer?' },
    ]);
  });

  it('leaves out the empty text of an assistant turn that only calls tools', () => {
    const { params } = convertToAnthropicRequest(
      base({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: '', toolCalls: [{ id: 't', name: 'f', arguments: {} }] },
          { role: 'tool', toolCallId: 't', content: 'ok' },
        ],
      }),
    );
    expect(params.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }],
    });
  });
});

describe('convertToAnthropicRequest: tools, output, stop, temperature', () => {
  it('converts tools (zod and JSON schema) to input_schema and every tool choice', () => {
    const tools = [
      { name: 'get_weather', description: 'Weather by city', parameters: z.object({ city: z.string() }) },
      { name: 'noop', parameters: { type: 'object', properties: {} } },
    ];
    const { params } = convertToAnthropicRequest(base({ tools, toolChoice: 'auto' }));
    expect(params.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Weather by city',
        input_schema: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
      { name: 'noop', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(params.tool_choice).toEqual({ type: 'auto' });
    expect(convertToAnthropicRequest(base({ tools, toolChoice: 'required' })).params.tool_choice).toEqual({
      type: 'any',
    });
    expect(convertToAnthropicRequest(base({ tools, toolChoice: 'none' })).params.tool_choice).toEqual({ type: 'none' });
    expect(convertToAnthropicRequest(base({ tools, toolChoice: { name: 'noop' } })).params.tool_choice).toEqual({
      type: 'tool',
      name: 'noop',
    });
  });

  it('sends structured output as output_config.format json_schema', () => {
    const { params, warnings } = convertToAnthropicRequest(
      base({ output: { schema: z.object({ answer: z.string(), confidence: z.number() }) } }),
    );
    expect(params.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: { answer: { type: 'string' }, confidence: { type: 'number' } },
          required: ['answer', 'confidence'],
          additionalProperties: false,
        },
      },
    });
    expect(warnings).toEqual([]);
  });

  it('warns when the SDK had to adapt the output schema', () => {
    const { params, warnings } = convertToAnthropicRequest(
      base({ output: { schema: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } } } } }),
    );
    const schema = params.output_config?.format?.schema as Record<string, unknown>;
    expect(schema.additionalProperties).toBe(false);
    expect(warnings[0]).toMatch(/output schema adapted/);
  });

  it('sends stop as stop_sequences, and drops temperature with a warning', () => {
    const { params, warnings } = convertToAnthropicRequest(base({ stop: ['END'], temperature: 0.2 }));
    expect(params.stop_sequences).toEqual(['END']);
    expect(params).not.toHaveProperty('temperature');
    expect(warnings).toEqual([expect.stringMatching(/temperature 0.2 was not sent/)]);
  });
});

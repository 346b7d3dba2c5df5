import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlainTextRequest } from '../../src/router/plain-request-check.js';
import { routerRequestSchema } from '../../src/router/request-schema.js';

/** Edge values: right for some fields, wrong for others (0, '', 2.5, NaN, 1.5, null, objects…). */
const edge = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  'x',
  'tool',
  'developer',
  0,
  -1,
  1,
  1.5,
  2,
  2.0001,
  256,
  Number.NaN,
  true,
  [],
  {},
);

const plainMessage = fc.record({ role: fc.constantFrom('system', 'user', 'assistant'), content: fc.string() });

/** A request that is plain and valid... */
const validPlain = fc.record(
  {
    model: fc.string({ minLength: 1 }),
    messages: fc.array(plainMessage, { minLength: 1, maxLength: 3 }),
    system: fc.string(),
    maxOutputTokens: fc.integer({ min: 1, max: 100_000 }),
    temperature: fc.double({ min: 0, max: 2, noNaN: true }),
    requestId: fc.string({ minLength: 1 }),
  },
  { requiredKeys: ['messages'] },
);

/** ...then one thing broken: a field set to an edge value, a message field changed, or an extra key added. */
const request = fc.oneof(
  validPlain,
  fc
    .tuple(
      validPlain,
      fc.constantFrom('model', 'messages', 'system', 'maxOutputTokens', 'temperature', 'requestId'),
      edge,
    )
    .map(([value, key, bad]) => ({ ...value, [key]: bad })),
  fc
    .tuple(validPlain, fc.nat(2), fc.constantFrom('role', 'content', 'toolCalls', 'name'), edge)
    .map(([value, index, key, bad]) => {
      const messages = value.messages.map((m, i) => (i === index % value.messages.length ? { ...m, [key]: bad } : m));
      return { ...value, messages };
    }),
  fc
    .tuple(validPlain, fc.constantFrom('budget', 'tools', 'metadata', 'output', 'stop', 'signal'), edge)
    .map(([value, key, bad]) => ({ ...value, [key]: bad })),
);

describe('isPlainTextRequest', () => {
  it('accepts only requests the full zod schema accepts', () => {
    fc.assert(
      fc.property(request, (value) => {
        if (isPlainTextRequest(value as never)) expect(routerRequestSchema().safeParse(value).success).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the common shape, so it really is a fast path', () => {
    expect(
      isPlainTextRequest({
        model: 'mini',
        system: 'Be brief.',
        messages: [
          { role: 'system', content: 'You are a concise assistant.' },
          { role: 'user', content: 'What is the capital of France?' },
        ],
        maxOutputTokens: 256,
        temperature: 0.2,
      }),
    ).toBe(true);
  });

  it.each([
    ['a budget', { budget: { maxUsd: 1 } }],
    ['an empty message list', { messages: [] }],
    ['a tool message', { messages: [{ role: 'tool', toolCallId: 'x', content: 'ok' }] }],
    ['multi-part content', { messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }],
    ['a fractional cap', { maxOutputTokens: 1.5 }],
    ['an empty model', { model: '' }],
  ])('leaves %s to zod', (_, patch) => {
    const base = { model: 'mini', messages: [{ role: 'user', content: 'hi' }] };
    expect(isPlainTextRequest({ ...base, ...patch } as never)).toBe(false);
  });
});

// The exact cache's key and the semantic cache's context key: hashes of the normalized request. Everything that can
// change the answer goes in; what cannot (request id, signal, budget, metadata, prompt-cache hints) and secrets stay out.
import * as crypto from 'node:crypto';
import type { Message } from '../providers/spec/message.js';
import { toJsonSchema } from '../providers/shared/structured-output.js';
import type { RouterRequest } from '../router/request.js';

/** Request fields that never change the answer, left out of every key. */
const NOT_ANSWER_CHANGING = new Set(['requestId', 'signal', 'budget', 'metadata', 'responseCache', 'cache', 'model']);

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` hash alike. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const field = (value as Record<string, unknown>)[key];
      if (field !== undefined) out[key] = canonical(field);
    }
    return out;
  }
  return value;
}

/** A schema as plain JSON (a zod schema converted), so two equal schemas give one key. */
const schemaJson = (schema: unknown): unknown => toJsonSchema(schema as never);

/** The answer-changing parts of a request, as plain JSON. `route` is the alias or `policy:<name>` that answers it. */
export function normalizeRequest(request: RouterRequest, route: string): Record<string, unknown> {
  const out: Record<string, unknown> = { route };
  for (const [key, value] of Object.entries(request)) {
    if (NOT_ANSWER_CHANGING.has(key) || value === undefined) continue;
    if (key === 'tools') {
      out.tools = (value as RouterRequest['tools'])?.map((tool) => ({
        ...tool,
        parameters: schemaJson(tool.parameters),
      }));
    } else if (key === 'output') {
      const output = value as NonNullable<RouterRequest['output']>;
      out.output = { name: output.name, schema: schemaJson(output.schema) };
    } else {
      out[key] = value;
    }
  }
  return canonical(out) as Record<string, unknown>;
}

/** SHA-256 (hex) of a string: one `crypto.hash` call where Node has it (20.12+), else a `Hash` object; one digest. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** SHA-256 (hex) of a value's canonical JSON. */
export function hashOf(value: unknown): string {
  return sha256Hex(JSON.stringify(canonical(value)));
}

/**
 * SHA-256 (hex) of a `normalizeRequest` result: it is canonical already, so this is `hashOf` without a second
 * canonical pass (the same digest, once per key on every lookup).
 */
export function hashOfNormalized(normalized: Record<string, unknown>): string {
  return sha256Hex(JSON.stringify(normalized));
}

/** Index of the last user message, or -1. */
export function lastUserIndex(messages: readonly Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return i;
  return -1;
}

/** The last user turn as the context key holds it: its wording left out, its place kept. */
const WORDING_LEFT_OUT = { content: '<wording>', role: 'user' };

/**
 * The semantic cache's context key: the normalized request with the last user turn's wording left out (its position
 * kept), so a match must agree on everything else — system, tools, schema, route, parameters and the earlier turns
 * (a digest of them is part of the hash, so a follow-up in another conversation does not match).
 */
export function contextKeyOf(normalized: Record<string, unknown>): string {
  const messages = (normalized.messages as unknown[]).slice();
  const last = lastUserIndex(messages as Message[]);
  // Keys in canonical (sorted) order, and `messages` keeps its place in the spread: the same digest `hashOf` gives.
  if (last >= 0) messages[last] = WORDING_LEFT_OUT;
  return hashOfNormalized({ ...normalized, messages });
}

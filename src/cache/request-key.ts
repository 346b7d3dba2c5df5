// The exact cache's key and the semantic cache's context key: hashes of the normalized request. Everything that can
// change the answer goes in; what cannot (request id, signal, budget, metadata, prompt-cache hints) and secrets stay out.
import * as crypto from 'node:crypto';
import type { Message } from '../providers/spec/message.js';
import { toJsonSchema } from '../providers/shared/structured-output.js';
import type { RouterRequest } from '../router/request.js';

/** Request fields that never change the answer, left out of every key. */
const NOT_ANSWER_CHANGING = new Set([
  'requestId',
  'signal',
  'budget',
  'metadata',
  'responseCache',
  'cache',
  'model',
  'timeoutMs',
  'streamIdleTimeoutMs',
]);

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

/** Index of the last user message, or -1. */
export function lastUserIndex(messages: readonly Message[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return i;
  return -1;
}

/** The last user turn as the context key holds it: its wording left out, its place kept. */
const WORDING_LEFT_OUT = { content: '<wording>', role: 'user' };

/** The two digests a lookup needs, both from one canonical JSON of the request. */
export interface RequestDigests {
  /** The exact cache's: of the whole request (the context digest and the last user turn). */
  readonly exact: string;
  /** The semantic cache's context key: of everything but the last user turn's wording. */
  readonly context: string;
}

/**
 * The exact key and the semantic cache's context key of a request (`route` is the alias or `policy:<name>` that
 * answers it). The context key hashes the normalized request with the last user turn's wording left out (its place
 * kept), so a semantic match must agree on everything else: system, tools, schema, route, parameters and the earlier
 * turns (a follow-up in another conversation does not match). The exact key hashes that digest with the last user
 * turn: together they are the whole request, so the long part of a request is serialized and hashed once, not twice.
 */
export function requestDigests(request: RouterRequest, route: string): RequestDigests {
  const normalized = normalizeRequest(request, route);
  // `normalized` is this function's own copy: the turn is swapped in place (keys stay in canonical order).
  const messages = normalized.messages as unknown[];
  const last = lastUserIndex(messages as Message[]);
  const wording = last >= 0 ? messages[last] : null;
  if (last >= 0) messages[last] = WORDING_LEFT_OUT;
  const context = sha256Hex(JSON.stringify(normalized));
  return { exact: sha256Hex(`${context}\n${JSON.stringify(wording)}`), context };
}

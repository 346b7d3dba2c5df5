import type { RouterRequest } from './request.js';

const TOP_LEVEL_KEYS = new Set(['model', 'messages', 'system', 'maxOutputTokens', 'temperature', 'requestId']);
const ROLES = new Set(['system', 'user', 'assistant']);

/**
 * A fast pre-check for the most common request shape: plain-text messages, a model alias, an output cap,
 * maybe a system prompt and a temperature. It accepts a request only when the full zod schema
 * (`routerRequestSchema`) would accept it too, so such requests skip zod on the hot path; anything else
 * (tools, images, budgets, metadata, a malformed field) returns false and goes through zod, which reports paths.
 * `test/router/plain-request-check.test.ts` checks that implication on generated requests.
 */
export function isPlainTextRequest(request: RouterRequest): boolean {
  if (typeof request !== 'object' || request === null || Object.getPrototypeOf(request) !== Object.prototype) {
    return false;
  }
  for (const key in request) {
    if (!TOP_LEVEL_KEYS.has(key)) return false;
  }
  const { model, messages, system, maxOutputTokens, temperature, requestId } = request;
  if (model !== undefined && (typeof model !== 'string' || model.length === 0)) return false;
  if (system !== undefined && typeof system !== 'string') return false;
  if (requestId !== undefined && (typeof requestId !== 'string' || requestId.length === 0)) return false;
  if (maxOutputTokens !== undefined && !(Number.isSafeInteger(maxOutputTokens) && maxOutputTokens > 0)) return false;
  if (temperature !== undefined && !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2)) {
    return false;
  }
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (typeof message !== 'object' || message === null || Object.getPrototypeOf(message) !== Object.prototype) {
      return false;
    }
    let keys = 0;
    for (const key in message) {
      if (key !== 'role' && key !== 'content') return false;
      keys += 1;
    }
    if (keys !== 2 || !ROLES.has(message.role) || typeof message.content !== 'string') return false;
  }
  return true;
}

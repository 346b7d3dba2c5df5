import { ProviderError } from '../errors.js';

/**
 * `error.type` of a failure, as the conventions ask: the HTTP status when there was one (a provider error's, or a
 * route's last), else the error's kind (`timeout`, `connection`, `aborted`…) for provider errors, else its class name.
 */
export function errorType(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number') return String(status);
  if (error instanceof ProviderError) return error.kind;
  if (error instanceof Error) return error.name;
  return '_OTHER';
}

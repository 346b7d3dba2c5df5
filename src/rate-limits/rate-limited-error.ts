import { RoutewiseError } from '../errors.js';
import type { AttemptRecord } from '../core/attempt-record.js';

/** Which limit kept a request waiting: requests per minute, tokens per minute, or a provider's 429 pause. */
export type RateLimitKind = 'rpm' | 'tpm' | 'paused';

/**
 * A request waited for a client-side rate limit (`rateLimits`) longer than the bucket's `maxWaitMs`, or could never
 * fit it (its worst-case tokens exceed the bucket's `tpm`). Nothing was sent for the refused attempt.
 */
export class RateLimitedError extends RoutewiseError {
  /** The bucket (alias or provider name) that refused. */
  readonly bucket: string;
  /** Which of its limits. */
  readonly limit: RateLimitKind;
  /** How long the request waited, ms. */
  readonly waitedMs: number;
  /** The attempt's worst-case tokens (what tpm counts). */
  readonly tokens: number;
  /** Attempts already made (and charged) on this request before the refusal. */
  attempts: AttemptRecord[] = [];
  constructor(details: { bucket: string; limit: RateLimitKind; waitedMs: number; tokens: number; reason: string }) {
    super(`Rate limited (${details.bucket}, ${details.limit}): ${details.reason}`);
    this.bucket = details.bucket;
    this.limit = details.limit;
    this.waitedMs = details.waitedMs;
    this.tokens = details.tokens;
  }
}

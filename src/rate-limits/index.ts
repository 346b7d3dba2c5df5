export { DEFAULT_MAX_WAIT_MS, type RateLimit, type RateLimitsConfig } from './rate-limit-config.js';
export { type RateLimitKind, RateLimitedError } from './rate-limited-error.js';

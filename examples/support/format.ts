/** Small printing helpers shared by the examples. */
import type { AttemptRecord, Usage } from '../../src/index.js';

/** USD with enough digits for sub-cent calls. */
export function usd(value: number): string {
  return `$${value.toFixed(6)}`;
}

/** `120 in (0 cached read, 0 cache write) → 230 out (192 reasoning)` */
export function formatUsage(usage: Usage): string {
  return (
    `${usage.inputTokens} in (${usage.cachedInputTokens} cached read, ${usage.cacheWriteTokens} cache write)` +
    ` → ${usage.outputTokens} out (${usage.reasoningTokens} reasoning)`
  );
}

/** One line per attempt: who was called, how it went, what it cost. */
export function formatAttempt(attempt: AttemptRecord): string {
  const who = `#${attempt.attempt} ${attempt.alias} (${attempt.provider}:${attempt.model})`;
  const how =
    attempt.status === 'ok'
      ? 'ok'
      : `error${attempt.httpStatus !== undefined ? ` HTTP ${attempt.httpStatus}` : ''}: ${attempt.error?.message.split('\n')[0]}`;
  const usage = attempt.usage ? ` · ${formatUsage(attempt.usage)}` : '';
  return `  attempt ${who} ${how} · ${Math.round(attempt.latencyMs)} ms · ${usd(attempt.costUsd)}${usage}`;
}

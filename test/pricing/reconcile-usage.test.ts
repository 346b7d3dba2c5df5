import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkUsage } from '../../src/pricing/cost-of-usage.js';
import { reconcileUsage } from '../../src/pricing/reconcile-usage.js';
import type { Usage } from '../../src/providers/spec/usage.js';

const consistent: Usage = {
  inputTokens: 1000,
  cachedInputTokens: 600,
  cacheWriteTokens: 200,
  cacheWrite1hTokens: 50,
  outputTokens: 300,
  reasoningTokens: 100,
};

describe('reconcileUsage', () => {
  it('returns a consistent usage itself, with no problems', () => {
    const result = reconcileUsage(consistent);
    expect(result.usage).toBe(consistent);
    expect(result.problems).toEqual([]);
  });

  it('raises each whole to hold its parts, never shrinks a part', () => {
    const { usage, problems } = reconcileUsage({
      inputTokens: 100,
      cachedInputTokens: 900,
      cacheWriteTokens: 10,
      cacheWrite1hTokens: 40,
      outputTokens: 5,
      reasoningTokens: 50,
    });
    expect(usage).toEqual({
      inputTokens: 100 + 40 + 900 + 50,
      cachedInputTokens: 900,
      cacheWriteTokens: 50,
      cacheWrite1hTokens: 40,
      outputTokens: 55,
      reasoningTokens: 50,
    });
    expect(problems).toHaveLength(3);
  });

  it('turns counts that are not finite numbers ≥ 0 into 0, and says so', () => {
    const { usage, problems } = reconcileUsage({ ...consistent, outputTokens: Number.NaN, reasoningTokens: -1 });
    expect(usage).toMatchObject({ outputTokens: 0, reasoningTokens: 0 });
    expect(problems).toEqual(['outputTokens was NaN', 'reasoningTokens was -1']);
  });

  it('always yields a usage the pricer accepts, never cheaper in any count than reported', () => {
    const n = fc.oneof(fc.nat(1_000_000), fc.constant(Number.NaN), fc.constant(-3));
    fc.assert(
      fc.property(
        n,
        n,
        n,
        fc.option(n, { nil: undefined }),
        n,
        n,
        (input, cached, writes, oneHour, output, reasoning) => {
          const reported: Usage = {
            inputTokens: input,
            cachedInputTokens: cached,
            cacheWriteTokens: writes,
            outputTokens: output,
            reasoningTokens: reasoning,
            ...(oneHour !== undefined ? { cacheWrite1hTokens: oneHour } : {}),
          };
          const { usage } = reconcileUsage(reported);
          expect(() => checkUsage(usage)).not.toThrow();
          for (const key of Object.keys(reported) as Array<keyof Usage>) {
            const before = reported[key] ?? 0;
            if (Number.isFinite(before) && before >= 0) expect(usage[key]).toBeGreaterThanOrEqual(before);
          }
        },
      ),
    );
  });
});

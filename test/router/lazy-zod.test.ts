// routewise requires zod (its CommonJS build) on first use instead of importing it; an app's schemas come from its own
// zod, often the ESM build: another copy. These check that nothing depends on the two being one.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isZodSchema, parseStructuredOutput, toJsonSchema } from '../../src/providers/shared/structured-output.js';
import { lazySchema, loadZod } from '../../src/core/lazy-zod.js';

const answer = z.object({
  city: z.string().describe('the city named in the question'),
  population: z.number().int().meta({ description: 'people living there' }),
});

describe('zod loaded lazily, next to the app’s own copy', () => {
  it('is a second copy here (the test’s ESM zod, the router’s CommonJS one), so the checks below are meaningful', () => {
    expect(loadZod().z.object).not.toBe(z.object);
  });

  it('converts an app schema to JSON schema with its descriptions (zod keeps metadata on globalThis)', () => {
    expect(isZodSchema(answer)).toBe(true);
    expect(toJsonSchema(answer)).toMatchObject({
      type: 'object',
      properties: {
        city: { type: 'string', description: 'the city named in the question' },
        population: { type: 'integer', description: 'people living there' },
      },
      required: ['city', 'population'],
    });
  });

  it('validates an answer with the app schema’s own safeParse', () => {
    expect(parseStructuredOutput('{"city":"Lyon","population":522250}', { schema: answer })).toEqual({
      ok: true,
      value: { city: 'Lyon', population: 522250 },
    });
    const wrong = parseStructuredOutput('{"city":"Lyon","population":"many"}', { schema: answer });
    expect(wrong.ok).toBe(false);
  });

  it('builds a schema once, on first use', () => {
    let builds = 0;
    const schema = lazySchema((zod) => {
      builds += 1;
      return zod.string().min(2);
    });
    expect(builds).toBe(0);
    expect(schema().safeParse('ab').success).toBe(true);
    expect(schema()).toBe(schema());
    expect(builds).toBe(1);
  });
});

import { lazySchema } from '../../core/lazy-zod.js';
import type { AcceptanceCheck } from '../acceptance/acceptance-check.js';
import { reasoningSchema } from '../request-schema.js';
import type { RouteStep } from './policy.js';

const schemas = lazySchema((z) => {
  const checkSchema = z.custom<AcceptanceCheck>((value) => typeof value === 'function', {
    message: 'must be an acceptance check, e.g. nonEmpty() or judge({ model, min })',
  });

  const routeStepSchema = z
    .object({
      model: z.string().min(1),
      maxOutputTokens: z.number().int().positive().optional(),
      reasoning: reasoningSchema().optional(),
      accept: z.union([checkSchema, z.array(checkSchema)]).optional(),
      fallbacks: z.array(z.string().min(1)).optional(),
    })
    .strict();
  return { routeStepSchema };
});

/** Zod schema of one cascade step. */
export const routeStepSchema = () => schemas().routeStepSchema;

/** The checks of a step as a list. */
export function stepChecks(step: RouteStep): AcceptanceCheck[] {
  if (step.accept === undefined) return [];
  return Array.isArray(step.accept) ? step.accept : [step.accept];
}

/** Every alias a list of steps names (models, fallbacks, checks' models), each with its path under `root`. */
export function stepAliases(steps: ReadonlyArray<RouteStep>, root: string): Array<{ path: string; alias: string }> {
  return steps.flatMap((step, i) => aliasesOfStep(step, `${root}[${i}]`));
}

/** Every alias one step names (its model, fallbacks, checks' models), each with its path under `at`. */
export function aliasesOfStep(step: RouteStep, at: string): Array<{ path: string; alias: string }> {
  const found: Array<{ path: string; alias: string }> = [{ path: `${at}.model`, alias: step.model }];
  (step.fallbacks ?? []).forEach((alias, j) => {
    found.push({ path: `${at}.fallbacks[${j}]`, alias });
  });
  stepChecks(step).forEach((check, j) => {
    const checkPath = Array.isArray(step.accept) ? `${at}.accept[${j}]` : `${at}.accept`;
    for (const alias of check.models ?? []) found.push({ path: `${checkPath}.model`, alias });
  });
  return found;
}

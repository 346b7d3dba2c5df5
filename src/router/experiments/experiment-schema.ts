import { lazySchema } from '../../core/lazy-zod.js';
import type { ValidationIssue } from '../../errors.js';
import type { PolicyLike } from '../policies/policy.js';
import type { ExperimentConfig } from './experiment-config.js';

const schemas = lazySchema((z) => {
  const policySchema = z.custom<PolicyLike>(
    (value) =>
      typeof value === 'function' ||
      (typeof value === 'object' && value !== null && typeof (value as { decide?: unknown }).decide === 'function'),
    { message: 'must be a routing policy, e.g. cascade({ classifier, tiers }) or fixed("alias"), or a function' },
  );

  const nameSchema = z.string().min(1, 'must not be empty');

  const experimentsSchema = z.array(
    z
      .object({
        name: nameSchema,
        arms: z
          .array(
            z
              .object({
                name: nameSchema,
                weight: z.number().finite().positive('must be a positive number (a relative share of traffic)'),
                policy: policySchema,
              })
              .strict(),
          )
          .min(1, 'an experiment needs at least one arm'),
        shadow: z
          .array(
            z
              .object({
                name: nameSchema,
                policy: policySchema,
                sample: z.number().gt(0, 'must be in (0, 1]').max(1, 'must be in (0, 1]').optional(),
              })
              .strict(),
          )
          .optional(),
        features: z.array(nameSchema).min(1, 'list at least one feature, or leave `features` out').optional(),
      })
      .strict(),
  );
  return { experimentsSchema };
});

/** Zod schema of the `experiments` list of a router config (shapes only; `experimentIssues` checks the rest). */
export const experimentsSchema = () => schemas().experimentsSchema;

/**
 * What the schema cannot see: experiment names unique in the router, arm and shadow names unique in their
 * experiment, and every alias an arm's or shadow's policy routes to configured under `models`.
 */
export function experimentIssues(
  experiments: readonly ExperimentConfig[],
  models: readonly string[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const experimentNames = new Map<string, number>();
  experiments.forEach((experiment, i) => {
    const root = `experiments[${i}]`;
    duplicate(experimentNames, experiment.name, i, `${root}.name`, 'experiment', issues);
    const armNames = new Map<string, number>();
    experiment.arms.forEach((arm, j) => {
      duplicate(armNames, arm.name, j, `${root}.arms[${j}].name`, 'arm', issues);
      aliasIssues(arm.policy, `${root}.arms[${j}].policy`, models, issues);
    });
    const shadowNames = new Map<string, number>();
    (experiment.shadow ?? []).forEach((shadow, j) => {
      duplicate(shadowNames, shadow.name, j, `${root}.shadow[${j}].name`, 'shadow', issues);
      aliasIssues(shadow.policy, `${root}.shadow[${j}].policy`, models, issues);
    });
  });
  return issues;
}

function duplicate(
  seen: Map<string, number>,
  name: string,
  index: number,
  path: string,
  what: string,
  issues: ValidationIssue[],
): void {
  const first = seen.get(name);
  if (first === undefined) seen.set(name, index);
  else issues.push({ path, message: `duplicate ${what} name "${name}" (also at index ${first})` });
}

function aliasIssues(policy: PolicyLike, root: string, models: readonly string[], issues: ValidationIssue[]): void {
  if (typeof policy === 'function') return;
  for (const { path, alias } of policy.aliases ?? []) {
    if (models.includes(alias)) continue;
    issues.push({
      path: path ? `${root}.${path}` : root,
      message: `"${alias}" is not a configured model alias (configured: ${models.join(', ')})`,
    });
  }
}

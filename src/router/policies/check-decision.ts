import { lazySchema } from '../../core/lazy-zod.js';
import { ConfigError, type ValidationIssue } from '../../errors.js';
import { toValidationIssues } from '../../core/zod-issues.js';
import type { RouteDecision } from './policy.js';
import { routeStepSchema, stepAliases } from './route-step-schema.js';

const decisionSchema = lazySchema((z) =>
  z.object({
    tier: z.string().min(1),
    steps: z.array(routeStepSchema()).min(1, 'a decision needs at least one step'),
    onBudget: z.enum(['skip', 'fail']).optional(),
  }),
);

/**
 * Checks a decision at run time (a plain-function policy is only known then): its shape, and that every alias it
 * names is configured. A bad decision is a configuration error: `ConfigError` with paths under `policy`.
 */
export function checkDecision(decision: RouteDecision, models: ReadonlySet<string>): void {
  const parsed = decisionSchema().safeParse(decision);
  if (!parsed.success) throw new ConfigError(toValidationIssues(parsed.error, 'policy'));
  const issues: ValidationIssue[] = [];
  for (const { path, alias } of stepAliases(decision.steps, 'policy.steps')) {
    if (!models.has(alias)) {
      issues.push({
        path,
        message: `"${alias}" is not a configured model alias (configured: ${[...models].join(', ')})`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
}

import type { EvalPolicy, PolicyContext } from './policy.js';

/** Always the same model: `always-weak` / `always-strong` baselines. */
export function fixedPolicy(name: string, pick: (context: PolicyContext) => number): EvalPolicy {
  return {
    name,
    sweep: 'none',
    params: [0],
    fit(split, context) {
      const route = [pick(context)];
      const routes = split.test.map(() => route);
      return { routes: () => routes };
    },
  };
}

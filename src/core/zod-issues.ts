import type { z } from 'zod';
import type { ValidationIssue } from './errors.js';

/** Turns zod's issues into path + message pairs, the shape `ConfigError` and `InvalidRequestError` print. */
export function toValidationIssues(error: z.ZodError, root = ''): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: joinPath(root, issue.path as PropertyKey[]),
    message: issue.message,
  }));
}

/** Joins a path like `['models', 'fast', 'fallbacks', 0]` into `models.fast.fallbacks[0]`; odd keys get brackets: `prices["local:tiny"]`. */
export function joinPath(root: string, path: ReadonlyArray<PropertyKey>): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!/^[A-Za-z_$][\w$]*$/.test(String(key))) out += `[${JSON.stringify(String(key))}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

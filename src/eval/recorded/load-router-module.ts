// `--router PATH`: a user's deployed router (or a function building it on a provider) replayed by `routewise eval`.
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { EvalInputError } from '../eval-input-error.js';
import { importUserModule } from '../policies/import-user-module.js';
import type { EvalPolicy } from '../policies/policy.js';
import { type ReplaySubject, type RouterPolicyOptions, routerPolicy } from './router-policy.js';

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return `a ${typeof value}`;
}

function isRouter(value: unknown): boolean {
  return typeof (value as { complete?: unknown } | null)?.complete === 'function';
}

/**
 * Imports a router module and makes an evaluator policy of it. Its default export (else its `router` export) is a
 * router built on `recordedProvider`, or a function `(provider, param) => router` (the CLI passes a recorded
 * provider over the rows scored). Optional exports: `name` (default: the file's name), `params` (one router per
 * parameter, a curve; the function gets each), `sweep` (what they mean: `lambda`, `strong share`), `concurrency`.
 * `extra.live` answers the calls the data has no record of (a judge's).
 */
export async function loadRouterModule(
  path: string,
  extra: Pick<RouterPolicyOptions, 'live'> = {},
): Promise<EvalPolicy> {
  const absolute = resolve(path);
  const label = `--router ${path}`;
  if (!existsSync(absolute)) throw new EvalInputError(`${label}: no such file`);
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(absolute, label);
  } catch (error) {
    if (error instanceof EvalInputError) throw error;
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    throw new EvalInputError(`${label}: cannot load (${message})`);
  }
  const exported = module.default ?? module.router;
  if (typeof exported !== 'function' && !isRouter(exported)) {
    throw new EvalInputError(
      `${label}: the default export (or "router") must be a router or a function (provider) => router; ` +
        `got ${describe(exported)}`,
    );
  }
  const options: RouterPolicyOptions = { name: basename(path, extname(path)), ...extra };
  if (typeof module.name === 'string' && module.name) options.name = module.name;
  const { params, sweep, concurrency } = module;
  if (params !== undefined) {
    if (!Array.isArray(params) || params.length === 0 || !params.every((p) => typeof p === 'number')) {
      throw new EvalInputError(`${label}: "params" must be a non-empty array of numbers`);
    }
    if (typeof exported !== 'function') {
      throw new EvalInputError(`${label}: "params" needs a function (provider, param) => router as the default export`);
    }
    options.params = params;
  }
  if (sweep !== undefined) {
    if (sweep !== 'lambda' && sweep !== 'strong share' && sweep !== 'none') {
      throw new EvalInputError(`${label}: "sweep" must be "lambda", "strong share" or "none"`);
    }
    options.sweep = sweep;
  }
  if (concurrency !== undefined) {
    if (typeof concurrency !== 'number' || !Number.isInteger(concurrency) || concurrency < 1) {
      throw new EvalInputError(`${label}: "concurrency" must be a whole number ≥ 1`);
    }
    options.concurrency = concurrency;
  }
  return routerPolicy(exported as ReplaySubject, options);
}

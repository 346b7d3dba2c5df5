import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';

/**
 * Where `@opentelemetry/api` 1.x keeps everything registered with it (tracer and meter providers, the context
 * manager, propagators, the diag logger): one object on `globalThis`, shared by every copy of the package in the
 * process. Until something is registered it is absent, and the API could only hand out no-ops.
 */
const GLOBAL_KEY = Symbol.for('opentelemetry.js.api.1');

/** Whether anything has registered with `@opentelemetry/api` 1.x in this process (an SDK's `register()` has). */
export function otelRegistered(): boolean {
  return (globalThis as Record<symbol, unknown>)[GLOBAL_KEY] !== undefined;
}

let loaded: typeof OtelApi | undefined;

/**
 * `@opentelemetry/api`, required the first time telemetry can record (its ~20 ms of module loading kept out of
 * `import('routewise')` and out of apps that register no SDK). The package resolves to its CommonJS build under
 * both `import` and `require`, so this is the instance the app's own import gets.
 */
export function loadOtelApi(): typeof OtelApi {
  loaded ??= createRequire(typeof __filename === 'string' ? __filename : import.meta.url)(
    '@opentelemetry/api',
  ) as typeof OtelApi;
  return loaded;
}

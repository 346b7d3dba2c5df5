import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { lazySchema } from '../core/lazy-zod.js';

/** How the router reports to OpenTelemetry (through `@opentelemetry/api`: a no-op until the app registers an SDK). */
export interface TelemetryConfig {
  /** `false` turns spans and metrics off for this router. Default true. */
  enabled?: boolean;
  /**
   * Records prompts and answers on spans (`gen_ai.input.messages`, `gen_ai.output.messages`,
   * `gen_ai.system_instructions`). Default false: no prompt or answer text leaves the process.
   */
  recordContent?: boolean;
  /** The tracer provider to use instead of the global one (`trace.setGlobalTracerProvider`). */
  tracerProvider?: TracerProvider;
  /** The meter provider to use instead of the global one (`metrics.setGlobalMeterProvider`). */
  meterProvider?: MeterProvider;
}

/** Zod schema of `TelemetryConfig`. */
export const telemetryConfigSchema = lazySchema((z) => {
  const provider = (method: string) =>
    z.custom<object>((value) => typeof (value as Record<string, unknown> | null)?.[method] === 'function', {
      message: `must have a ${method}() method`,
    });
  return z
    .object({
      enabled: z.boolean().optional(),
      recordContent: z.boolean().optional(),
      tracerProvider: provider('getTracer').optional(),
      meterProvider: provider('getMeter').optional(),
    })
    .strict();
});

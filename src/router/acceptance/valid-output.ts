import { parseStructuredOutput } from '../../providers/shared/structured-output.js';
import type { JsonSchema, ZodLike } from '../../providers/spec/request.js';
import { type AcceptanceCheck, defineCheck } from './acceptance-check.js';

/** Options of `validOutput()`. */
export interface ValidOutputOptions {
  /** Validate against this schema instead of the request's `output.schema` (a zod schema validates; JSON parses). */
  schema?: ZodLike | JsonSchema;
}

/**
 * Accepts an answer whose structured output parsed and is valid against its schema: the request's `output`
 * schema, or the one given. A zod schema is validated; a plain JSON schema only requires valid JSON.
 */
export function validOutput(options: ValidOutputOptions = {}): AcceptanceCheck {
  return defineCheck('validOutput', (answer, context) => {
    if (options.schema) {
      const parsed = parseStructuredOutput(answer.text, { schema: options.schema });
      return parsed.ok
        ? { accept: true, reason: 'valid against the given schema' }
        : { accept: false, reason: parsed.error };
    }
    if (!context.request.output) {
      return {
        accept: false,
        reason: 'the request asks for no structured output and validOutput() was given no schema',
      };
    }
    if (answer.outputError !== undefined) return { accept: false, reason: answer.outputError };
    return { accept: true, reason: 'structured output valid against its schema' };
  });
}

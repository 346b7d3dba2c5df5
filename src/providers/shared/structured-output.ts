import { loadZod } from '../../core/lazy-zod.js';
import type { JsonSchema, OutputSpec, ZodLike } from '../spec/request.js';

/** Whether a schema is a zod schema (has `safeParse`) rather than a plain JSON schema. */
export function isZodSchema(schema: unknown): schema is ZodLike {
  return typeof schema === 'object' && schema !== null && typeof (schema as ZodLike).safeParse === 'function';
}

/** The JSON schema of a JSON-schema-or-zod value, as providers want it. */
export function toJsonSchema(schema: JsonSchema | ZodLike): JsonSchema {
  if (!isZodSchema(schema)) return schema;
  const json = loadZod().toJSONSchema(schema as never, { target: 'draft-7' }) as JsonSchema;
  const { $schema: _ignored, ...rest } = json;
  return rest;
}

/** The outcome of parsing a structured answer: the value, or why it is not valid. */
export type ParsedOutput = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses the model's text as JSON and, for zod schemas, validates it. */
export function parseStructuredOutput(text: string, spec: OutputSpec): ParsedOutput {
  let value: unknown;
  try {
    value = JSON.parse(stripCodeFence(text));
  } catch (error) {
    return { ok: false, error: `answer is not valid JSON: ${(error as Error).message}` };
  }
  if (!isZodSchema(spec.schema)) return { ok: true, value };
  const result = spec.schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    error: `answer does not match the schema: ${String((result.error as Error)?.message ?? result.error)}`,
  };
}

/** Some models wrap JSON in a markdown fence even when asked not to. */
function stripCodeFence(text: string): string {
  const match = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return match ? (match[1] as string) : text;
}

import type { ValidationIssue } from '../errors.js';

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const SINGLE_SCHEMAS = ['not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties'] as const;
const NUMBERS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const;
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Structural problems in a JSON schema (draft 2020-12 keywords the providers use): a `type` that is not a JSON type,
 * `properties` that are not schemas, `required` that is not a list of names, and so on, each with its path. A
 * provider answers such a schema with a 400 after the call is made; this finds it before. Unknown keywords pass.
 */
export function jsonSchemaIssues(schema: unknown, path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  walk(schema, path, issues);
  return issues;
}

function walk(schema: unknown, path: string, issues: ValidationIssue[]): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) {
    issues.push({ path, message: 'must be a JSON schema (an object or a boolean)' });
    return;
  }
  if ('type' in schema) checkType(schema.type, `${path}.type`, issues);
  if ('required' in schema) {
    const required = schema.required;
    if (!Array.isArray(required) || !required.every((name) => typeof name === 'string')) {
      issues.push({ path: `${path}.required`, message: 'must be an array of property names' });
    }
  }
  if ('enum' in schema && !Array.isArray(schema.enum)) {
    issues.push({ path: `${path}.enum`, message: 'must be an array' });
  }
  for (const key of ['description', 'title', 'pattern', 'format', '$ref'] as const) {
    if (key in schema && typeof schema[key] !== 'string')
      issues.push({ path: `${path}.${key}`, message: 'must be a string' });
  }
  for (const key of NUMBERS) {
    if (key in schema && typeof schema[key] !== 'number')
      issues.push({ path: `${path}.${key}`, message: 'must be a number' });
  }
  for (const key of COUNTS) {
    const value = schema[key];
    if (key in schema && !(Number.isInteger(value) && (value as number) >= 0)) {
      issues.push({ path: `${path}.${key}`, message: 'must be a non-negative integer' });
    }
  }
  for (const key of SCHEMA_MAPS) {
    if (!(key in schema)) continue;
    const map = schema[key];
    if (!isObject(map)) {
      issues.push({ path: `${path}.${key}`, message: 'must be an object of schemas' });
      continue;
    }
    for (const [name, sub] of Object.entries(map)) walk(sub, `${path}.${key}.${name}`, issues);
  }
  for (const key of SCHEMA_LISTS) {
    if (!(key in schema)) continue;
    const list = schema[key];
    if (!Array.isArray(list)) {
      issues.push({ path: `${path}.${key}`, message: 'must be an array of schemas' });
      continue;
    }
    list.forEach((sub, index) => {
      walk(sub, `${path}.${key}[${index}]`, issues);
    });
  }
  for (const key of SINGLE_SCHEMAS) if (key in schema) walk(schema[key], `${path}.${key}`, issues);
  if ('additionalProperties' in schema) walk(schema.additionalProperties, `${path}.additionalProperties`, issues);
  if ('items' in schema) {
    const items = schema.items;
    // Draft 4–7 tuple form (an array of schemas) is still common.
    if (Array.isArray(items)) {
      items.forEach((sub, index) => {
        walk(sub, `${path}.items[${index}]`, issues);
      });
    } else walk(items, `${path}.items`, issues);
  }
}

function checkType(type: unknown, path: string, issues: ValidationIssue[]): void {
  const list = Array.isArray(type) ? type : [type];
  if (list.length === 0 || !list.every((t) => typeof t === 'string' && TYPES.has(t))) {
    issues.push({
      path,
      message: `must be a JSON type (${[...TYPES].join(', ')}) or an array of them; got ${JSON.stringify(type)}`,
    });
  }
}

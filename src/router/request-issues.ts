import type { ValidationIssue } from '../errors.js';
import { providerOptionsIssues } from '../providers/shared/provider-options-issues.js';
import type { RouterRequest } from './request.js';
import { jsonSchemaIssues } from './json-schema-issues.js';

/** Tool names every provider accepts: OpenAI's pattern (`^[a-zA-Z0-9_-]{1,64}$`) is the strictest of the three. */
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Image URLs a provider can fetch or decode: http(s), inline `data:`, and Gemini's `gs://`. Anything else
 * (`javascript:`, `file:`) is refused rather than forwarded.
 */
const IMAGE_URL = /^(?:https?:\/\/|data:|gs:\/\/)/i;

const isZodLike = (value: unknown): boolean =>
  typeof (value as { safeParse?: unknown } | null)?.safeParse === 'function';

/**
 * What the request schema cannot see field by field: image URLs of a scheme no provider should fetch, tool names that repeat or that some provider refuses, a
 * `toolChoice` naming a tool the request does not define, tool or output schemas that are not JSON schemas, and
 * provider options that would override a cap or a field routewise sets.
 * Each issue has its path; the request is refused before any call.
 */
export function requestIssues(request: RouterRequest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  request.messages.forEach((message, index) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    message.content.forEach((part, partIndex) => {
      if (part.type === 'image' && 'url' in part && !IMAGE_URL.test(part.url)) {
        issues.push({
          path: `messages[${index}].content[${partIndex}].url`,
          message: `must be an http(s), data: or gs:// URL; got "${part.url.slice(0, 40)}"`,
        });
      }
    });
  });
  const tools = request.tools ?? [];
  const seen = new Map<string, number>();
  tools.forEach((tool, index) => {
    if (!TOOL_NAME.test(tool.name)) {
      issues.push({
        path: `tools[${index}].name`,
        message: `"${tool.name}" must be 1–64 letters, digits, _ or - (the providers' common tool-name pattern)`,
      });
    }
    const first = seen.get(tool.name);
    if (first !== undefined) {
      issues.push({ path: `tools[${index}].name`, message: `"${tool.name}" repeats tools[${first}].name` });
    } else seen.set(tool.name, index);
    if (!isZodLike(tool.parameters)) {
      issues.push(...jsonSchemaIssues(tool.parameters, `tools[${index}].parameters`));
      const type = (tool.parameters as { type?: unknown }).type;
      if (typeof type === 'string' && type !== 'object') {
        issues.push({
          path: `tools[${index}].parameters.type`,
          message: `a tool's parameters must be an object schema; got "${type}"`,
        });
      }
    }
  });
  const choice = request.toolChoice;
  if (typeof choice === 'object' && !seen.has(choice.name)) {
    issues.push({
      path: 'toolChoice.name',
      message:
        tools.length === 0
          ? `"${choice.name}" names a tool, but the request has no tools`
          : `"${choice.name}" is not one of the request's tools (${[...seen.keys()].join(', ')})`,
    });
  }
  if (request.output && !isZodLike(request.output.schema)) {
    issues.push(...jsonSchemaIssues(request.output.schema, 'output.schema'));
  }
  issues.push(...providerOptionsIssues(request.providerOptions, 'providerOptions'));
  return issues;
}

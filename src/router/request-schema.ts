import { lazySchema } from '../core/lazy-zod.js';
import { requestResponseCacheSchema } from '../cache/response-cache-config.js';
import { providerOptionsSchema } from './provider-options-schema.js';
import { timerMs } from './timer-ms-schema.js';

const schemas = lazySchema((z) => {
  const nonEmpty = z.string().min(1, 'must not be empty');

  const textPart = z.object({ type: z.literal('text'), text: z.string() }).strict();
  const imagePart = z.union([
    z.object({ type: z.literal('image'), url: z.string().url(), mediaType: z.string().optional() }).strict(),
    z.object({ type: z.literal('image'), data: nonEmpty, mediaType: nonEmpty }).strict(),
  ]);
  const toolCall = z.object({ id: nonEmpty, name: nonEmpty, arguments: z.record(z.string(), z.unknown()) }).strict();

  const message = z.discriminatedUnion('role', [
    z.object({ role: z.literal('system'), content: z.string() }).strict(),
    z
      .object({
        role: z.literal('user'),
        content: z.union([z.string(), z.array(z.union([textPart, imagePart])).min(1)]),
      })
      .strict(),
    z
      .object({
        role: z.literal('assistant'),
        content: z.union([z.string(), z.array(textPart)]),
        toolCalls: z.array(toolCall).optional(),
      })
      .strict(),
    z
      .object({ role: z.literal('tool'), toolCallId: nonEmpty, toolName: z.string().optional(), content: z.string() })
      .strict(),
  ]);

  const schemaLike = z.custom<object>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
    message: 'must be a JSON schema object or a zod schema',
  });

  const reasoning = z.union([
    z.object({ effort: z.enum(['none', 'minimal', 'low', 'medium', 'high']) }).strict(),
    z.object({ budgetTokens: z.number().int().min(0) }).strict(),
  ]);

  const reasoningSchema = reasoning;

  const routerRequestSchema = z
    .object({
      messages: z.array(message).min(1, 'must hold at least one message'),
      system: z.string().optional(),
      model: nonEmpty.optional(),
      maxOutputTokens: z.number().int().positive().optional(),
      reasoning: reasoning.optional(),
      tools: z
        .array(z.object({ name: nonEmpty, description: z.string().optional(), parameters: schemaLike }).strict())
        .optional(),
      toolChoice: z.union([z.enum(['auto', 'none', 'required']), z.object({ name: nonEmpty }).strict()]).optional(),
      output: z.object({ schema: schemaLike, name: z.string().optional() }).strict().optional(),
      temperature: z.number().min(0).max(2).optional(),
      stop: z.array(z.string()).optional(),
      logprobs: z.boolean().optional(),
      cache: z
        .object({ ttl: z.enum(['5m', '1h']).optional(), key: nonEmpty.optional() })
        .strict()
        .optional(),
      providerOptions: providerOptionsSchema().optional(),
      budget: z.object({ maxUsd: z.number().finite().positive() }).strict().optional(),
      metadata: z
        .object({ tenant: z.string().optional(), user: z.string().optional(), feature: z.string().optional() })
        .catchall(z.unknown())
        .optional(),
      requestId: nonEmpty.optional(),
      responseCache: requestResponseCacheSchema().optional(),
      signal: z
        .custom<AbortSignal>((value) => value instanceof AbortSignal, { message: 'must be an AbortSignal' })
        .optional(),
      headers: z.record(z.string(), z.string()).optional(),
      timeoutMs: timerMs().optional(),
      streamIdleTimeoutMs: timerMs().optional(),
    })
    .strict();
  return { reasoningSchema, routerRequestSchema };
});

/** Zod schema of a reasoning setting, shared by requests and model configs. */
export const reasoningSchema = () => schemas().reasoningSchema;

/** Zod schema of `RouterRequest`: the request is checked before anything else happens. */
export const routerRequestSchema = () => schemas().routerRequestSchema;

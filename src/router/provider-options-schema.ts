import { lazySchema } from '../core/lazy-zod.js';

const schemas = lazySchema((z) => {
  const record = z.record(z.string(), z.unknown());
  const penalty = z.number().min(-2).max(2);

  const openaiOptions = z
    .object({
      topP: z.number().min(0).max(1).optional(),
      seed: z.number().int().optional(),
      frequencyPenalty: penalty.optional(),
      presencePenalty: penalty.optional(),
      logitBias: z.record(z.string(), z.number().min(-100).max(100)).optional(),
      topLogprobs: z.number().int().min(0).max(20).optional(),
      safetyIdentifier: z.string().optional(),
      parallelToolCalls: z.boolean().optional(),
      serviceTier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).optional(),
      store: z.boolean().optional(),
      metadata: z.record(z.string(), z.string()).optional(),
      verbosity: z.enum(['low', 'medium', 'high']).optional(),
      extraBody: record.optional(),
    })
    .strict();

  const anthropicOptions = z
    .object({
      userId: z.string().optional(),
      serviceTier: z.enum(['auto', 'standard_only']).optional(),
      speed: z.enum(['standard', 'fast']).optional(),
      inferenceGeo: z.string().optional(),
      extraBody: record.optional(),
    })
    .strict();

  const googleOptions = z
    .object({
      topP: z.number().min(0).max(1).optional(),
      topK: z.number().int().positive().optional(),
      seed: z.number().int().optional(),
      frequencyPenalty: z.number().optional(),
      presencePenalty: z.number().optional(),
      safetySettings: z.array(z.record(z.string(), z.unknown())).optional(),
      labels: z.record(z.string(), z.string()).optional(),
      extraBody: record.optional(),
    })
    .strict();

  const providerOptionsSchema = z
    .object({
      openai: openaiOptions.optional(),
      anthropic: anthropicOptions.optional(),
      google: googleOptions.optional(),
    })
    .catchall(openaiOptions);
  return { providerOptionsSchema };
});

/**
 * Zod schema of `RequestProviderOptions` (requests and model configs): typed fields by provider, unknown fields
 * refused (a typo is an error, not a silently dropped option); any other key is an OpenAI-compatible host's name.
 */
export const providerOptionsSchema = () => schemas().providerOptionsSchema;

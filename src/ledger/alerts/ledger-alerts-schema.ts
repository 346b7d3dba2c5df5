import { lazySchema } from '../../core/lazy-zod.js';

const schemas = lazySchema((z) => {
  const positive = z.number().finite().positive();
  const off = z.literal(false);

  const ledgerAlertsSchema = z
    .object({
      spendSpike: z
        .union([off, z.object({ factor: positive.optional(), minUsd: z.number().finite().min(0).optional() }).strict()])
        .optional(),
      modelMix: z
        .union([off, z.object({ factor: positive.optional(), minCalls: z.number().int().min(1).optional() }).strict()])
        .optional(),
      retryStorm: z
        .union([
          off,
          z
            .object({
              share: z.number().min(0).max(1).optional(),
              windowMs: z.number().int().positive().optional(),
              minAttempts: z.number().int().min(1).optional(),
            })
            .strict(),
        ])
        .optional(),
      checkEveryMs: z.number().int().min(0).optional(),
    })
    .strict();
  return { ledgerAlertsSchema };
});

/** Zod schema of `config.alerts`. */
export const ledgerAlertsSchema = () => schemas().ledgerAlertsSchema;

import { hashString } from '../../core/hash-text.js';

/** Seed of the sampling hash, distinct from the assignment's so sampling does not track arms. */
const SAMPLE_SEED = 0x5d;

/**
 * Whether a request falls in a shadow policy's sample: a hash of the shadow's name and the request id, scaled to
 * [0, 1), below `sample`. Deterministic, so a replayed request id is sampled (or not) again.
 */
export function inShadowSample(shadowName: string, requestId: string, sample: number): boolean {
  if (sample >= 1) return true;
  return hashString(`${shadowName}:${requestId}`, SAMPLE_SEED) / 2 ** 32 < sample;
}

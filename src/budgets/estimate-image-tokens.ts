import type { ImagePart } from '../providers/spec/message.js';
import { anthropicImageTokens } from './anthropic-image-tokens.js';
import { geminiImageTokens } from './gemini-image-tokens.js';
import { openaiImageTokens } from './openai-image-tokens.js';
import { readImageSize } from './read-image-size.js';

/** What the image estimate needs to know about the call. */
export interface ImageEstimateOptions {
  /** The adapter's name: `openai`, `anthropic` and `google` have documented formulas; any other gets the worst case. */
  providerName?: string;
  /** The provider's model id (the formulas differ per model family). */
  model?: string;
  /**
   * Tokens assumed for an image whose size is not known (given by URL, or a header that does not parse), or sent to
   * a provider or model with no documented formula. Default: the model's own documented maximum where it has one
   * (Claude 1,600; gpt-4.1-nano 3,779; gpt-4o 1,445; Gemini 3 1,120), else `IMAGE_TOKENS`.
   */
  unknownImageTokens?: number;
}

/**
 * A worst-case figure, about as large as any one image costs on a documented model (gpt-4.1-nano's cap: 1536 patches
 * × 2.46 = 3,779), used for an image whose size or provider formula is unknown, when neither the model's own
 * maximum nor `defaults.imageTokens` says otherwise. (gpt-4o-mini, which bills 2,833 + 5,667 per tile, and very large
 * images on Gemini 2.x are dearer: their formulas apply when the size is known; set `defaults.imageTokens` for URLs.)
 */
export const IMAGE_TOKENS = 3_800;

/**
 * Upper estimate of the input tokens of one image: its pixel size read from its header when it is sent inline
 * (base64 or a data URL), put through the provider's documented formula for the model; for an image given by URL
 * (size unknown), `unknownImageTokens` when set, else the model's documented maximum, else `IMAGE_TOKENS`.
 */
export function estimateImageTokens(part: ImagePart, options: ImageEstimateOptions = {}): number {
  const size = readImageSize(part);
  if (!size && options.unknownImageTokens !== undefined) return options.unknownImageTokens;
  const model = options.model ?? '';
  let tokens: number | undefined;
  if (options.providerName === 'openai') tokens = openaiImageTokens(model, size);
  else if (options.providerName === 'anthropic') tokens = anthropicImageTokens(size);
  else if (options.providerName === 'google') tokens = geminiImageTokens(model, size);
  return tokens ?? options.unknownImageTokens ?? IMAGE_TOKENS;
}

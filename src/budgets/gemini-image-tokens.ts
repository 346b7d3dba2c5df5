import type { ImageSize } from './read-image-size.js';

/**
 * Gemini's image tokens:
 * - Gemini 1.5 / 2.x, from "Understand and count tokens" (https://ai.google.dev/gemini-api/docs/tokens): an image
 *   with both dimensions ≤ 384 px counts 258 tokens; a larger one is cropped and scaled into 768 × 768 tiles of 258
 *   tokens each. The tile count grows with the image, so an image of unknown size has no bound here (undefined).
 * - Gemini 3, from "Media resolution" (https://ai.google.dev/gemini-api/docs/media-resolution): `media_resolution`
 *   caps the tokens per image, and images default to high, at most 1,120 tokens. routewise sends no
 *   `media_resolution`, so 1,120 whatever the size.
 * Other model ids (a Gemma, an alias like `gemini-flash-latest`): the dearer of the two when the size is known.
 */
export function geminiImageTokens(model: string, size: ImageSize | undefined): number | undefined {
  const id = model.toLowerCase().replace(/^models\//, '');
  if (id.startsWith('gemini-3')) return GEMINI_3_IMAGE_TOKENS;
  if (/^gemini-(1\.5|2)/.test(id)) return size ? tiledTokens(size) : undefined;
  return size ? Math.max(tiledTokens(size), GEMINI_3_IMAGE_TOKENS) : undefined;
}

/** Gemini 3's cap per image at the default (high) media resolution. */
const GEMINI_3_IMAGE_TOKENS = 1_120;
const TILE_TOKENS = 258;

function tiledTokens({ width, height }: ImageSize): number {
  if (width <= 384 && height <= 384) return TILE_TOKENS;
  return Math.ceil(width / 768) * Math.ceil(height / 768) * TILE_TOKENS;
}

import type { ImageSize } from './read-image-size.js';

/**
 * Claude's image tokens, from "Vision › Evaluate image size / Calculate image costs"
 * (https://platform.claude.com/docs/en/build-with-claude/vision): tokens ≈ width × height / 750, after the API scales
 * down (aspect ratio kept) any image whose long edge exceeds 1568 px or that would exceed ~1,600 tokens (~1.15 MP;
 * 1092 × 1092 is the largest square kept, ~1,590 tokens). So an image costs at most 1,600 tokens, the figure used when
 * its size is unknown.
 */
export function anthropicImageTokens(size: ImageSize | undefined): number {
  if (!size) return ANTHROPIC_MAX_IMAGE_TOKENS;
  const { width, height } = size;
  const scale = Math.min(
    1,
    1568 / Math.max(width, height),
    Math.sqrt((ANTHROPIC_MAX_IMAGE_TOKENS * 750) / (width * height)),
  );
  return Math.min(ANTHROPIC_MAX_IMAGE_TOKENS, Math.ceil((width * scale * height * scale) / 750));
}

/** The most tokens one image costs on Claude (larger images are scaled down to it). */
export const ANTHROPIC_MAX_IMAGE_TOKENS = 1_600;

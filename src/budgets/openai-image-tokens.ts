import type { ImageSize } from './read-image-size.js';

/**
 * OpenAI's image token formulas, from "Images and vision › Calculating costs"
 * (https://developers.openai.com/api/docs/guides/images-vision#calculating-costs). Two families:
 *
 * - 32 px patches (gpt-4.1-mini, gpt-4.1-nano, o4-mini, gpt-5-mini, gpt-5-nano): patches = ⌈w/32⌉ × ⌈h/32⌉; above
 *   1536 the image is scaled down (r = √(32² × 1536 / (w × h)), then shrunk so a whole number of patches covers the
 *   width or height) and the count capped at 1536; tokens = patches × the model's multiplier (1.62, 2.46, 1.72,
 *   1.62, 2.46). `detail` does not apply.
 * - 512 px tiles at `detail: high` (gpt-4o, gpt-4.1, gpt-4.5, gpt-5, o1, o3, computer-use-preview): scale to fit a
 *   2048 × 2048 square, then so the shortest side is 768; tokens = base + tiles × per-tile (85 + 170 for 4o/4.1/4.5,
 *   70 + 140 for gpt-5, 75 + 150 for o1/o3, 2833 + 5667 for gpt-4o-mini, 65 + 129 for computer-use-preview).
 *
 * routewise sends no `detail` (Chat Completions) or `detail: 'auto'` (Responses), and `auto` may pick `high`, so
 * `high` is the worst case priced here.
 */
export function openaiImageTokens(model: string, size: ImageSize | undefined): number | undefined {
  const family = openaiImageFamily(model);
  if (family === undefined) {
    // A model the guide does not list (a newer one): the dearer of the two families' common rates.
    if (!size) return undefined;
    return Math.max(tileTokens(size, GPT_4O_TILES), patchTokens(size, MAX_PATCH_MULTIPLIER));
  }
  if ('multiplier' in family)
    return size ? patchTokens(size, family.multiplier) : Math.ceil(MAX_PATCHES * family.multiplier);
  return size ? tileTokens(size, family) : family.base + MAX_TILES * family.tile;
}

interface PatchFamily {
  multiplier: number;
}
interface TileFamily {
  base: number;
  tile: number;
}

const MAX_PATCHES = 1536;
const PATCH = 32;
/** The highest multiplier the guide lists (gpt-4.1-nano, gpt-5-nano). */
const MAX_PATCH_MULTIPLIER = 2.46;
/** At most 8 tiles: the scaled image is at most 768 × 2048 (2 × 4 tiles of 512). */
const MAX_TILES = 8;
const GPT_4O_TILES: TileFamily = { base: 85, tile: 170 };

/** Model id prefixes and their family, longest first so `gpt-4.1-mini` is not read as `gpt-4.1`. */
const FAMILIES: ReadonlyArray<[string, PatchFamily | TileFamily]> = (
  [
    ['gpt-4.1-mini', { multiplier: 1.62 }],
    ['gpt-4.1-nano', { multiplier: 2.46 }],
    ['gpt-5-mini', { multiplier: 1.62 }],
    ['gpt-5-nano', { multiplier: 2.46 }],
    ['o4-mini', { multiplier: 1.72 }],
    ['gpt-5-chat-latest', { base: 70, tile: 140 }],
    ['gpt-5', { base: 70, tile: 140 }],
    ['gpt-4o-mini', { base: 2833, tile: 5667 }],
    ['gpt-4o', GPT_4O_TILES],
    ['chatgpt-4o-latest', GPT_4O_TILES],
    ['gpt-4.1', GPT_4O_TILES],
    ['gpt-4.5', GPT_4O_TILES],
    ['o1-pro', { base: 75, tile: 150 }],
    ['o1', { base: 75, tile: 150 }],
    ['o3', { base: 75, tile: 150 }],
    ['computer-use-preview', { base: 65, tile: 129 }],
  ] as Array<[string, PatchFamily | TileFamily]>
).sort((a, b) => b[0].length - a[0].length);

/**
 * The family of a model id: the listed name itself or followed by `-` (a dated snapshot, `-pro`, `-search-preview`).
 * `gpt-5.2` is not `gpt-5`: a later model may bill differently, so it counts as unlisted.
 */
function openaiImageFamily(model: string): PatchFamily | TileFamily | undefined {
  // A fine-tuned model (`ft:gpt-4o-mini-2024-07-18:org::id`) bills as its base model.
  const lower = model.toLowerCase();
  const id = lower.startsWith('ft:') ? (lower.split(':')[1] ?? '') : lower;
  for (const [name, family] of FAMILIES) {
    if (id === name || id.startsWith(`${name}-`)) return family;
  }
  return undefined;
}

function patchTokens(size: ImageSize, multiplier: number): number {
  let { width, height } = size;
  if (Math.ceil(width / PATCH) * Math.ceil(height / PATCH) > MAX_PATCHES) {
    let r = Math.sqrt((PATCH * PATCH * MAX_PATCHES) / (width * height));
    r *= Math.min(
      Math.floor((width * r) / PATCH) / ((width * r) / PATCH),
      Math.floor((height * r) / PATCH) / ((height * r) / PATCH),
    );
    width *= r;
    height *= r;
  }
  const patches = Math.min(Math.ceil(width / PATCH) * Math.ceil(height / PATCH), MAX_PATCHES);
  return Math.ceil(patches * multiplier);
}

function tileTokens(size: ImageSize, family: TileFamily): number {
  let { width, height } = size;
  const longest = Math.max(width, height);
  if (longest > 2048) {
    width *= 2048 / longest;
    height *= 2048 / longest;
  }
  const shortest = Math.min(width, height);
  if (shortest > 768) {
    width *= 768 / shortest;
    height *= 768 / shortest;
  }
  // A hair of float error must not add a tile: 768 × 1536 is 2 × 3 tiles.
  const tiles = Math.ceil(width / 512 - 1e-9) * Math.ceil(height / 512 - 1e-9);
  return family.base + tiles * family.tile;
}

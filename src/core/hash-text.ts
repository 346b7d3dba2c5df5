// Fast 32-bit hashing for feature hashing: FNV-1a steps over UTF-16 code units, finished with murmur3's fmix32.

/** FNV-1a offset basis. */
export const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step: folds one 16-bit code unit into the running hash. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** Murmur3's 32-bit finalizer: spreads every input bit over every output bit. */
export function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a whole string with a seed (namespaces use different seeds). */
export function hashString(text: string, seed: number): number {
  let h = fnvStep(FNV_OFFSET, seed);
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return fmix32(h);
}

/** Combines two hashes into one (ordered: `combine(a, b) !== combine(b, a)`). */
export function combineHashes(a: number, b: number): number {
  return fmix32(Math.imul(a, 0x9e3779b1) ^ b);
}

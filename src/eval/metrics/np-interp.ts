/**
 * `numpy.interp(x, xp, fp)` for one `x`, step for step as numpy's C implementation (`arr_interp` and
 * `binary_search_with_guess` in `numpy/core/src/multiarray/compiled_base.c`): below `xp[0]` → `fp[0]`, above the
 * *last* `xp` → the last `fp`, else the segment found by numpy's search. numpy assumes `xp` increasing and does not
 * check it; RouteLLM's CPT hands it a policy's qualities, which need not be, so the search itself is reproduced (a
 * linear scan up to 4 points, else a guess at index 1 then bisection) to give numpy's answer on any input.
 */
export function npInterp(x: number, xp: readonly number[], fp: readonly number[]): number {
  const n = xp.length;
  if (n === 0) return Number.NaN;
  if (n === 1) return fp[0]!;
  const j = searchWithGuess(x, xp);
  if (j === -1) return fp[0]!;
  if (j === n) return fp[n - 1]!;
  if (j === n - 1) return fp[j]!;
  if (xp[j] === x) return fp[j]!;
  const slope = (fp[j + 1]! - fp[j]!) / (xp[j + 1]! - xp[j]!);
  let y = slope * (x - xp[j]!) + fp[j]!;
  if (Number.isNaN(y)) {
    y = slope * (x - xp[j + 1]!) + fp[j + 1]!;
    if (Number.isNaN(y) && fp[j] === fp[j + 1]) y = fp[j]!;
  }
  return y;
}

const LIKELY_IN_CACHE_SIZE = 8;

/** numpy's `binary_search_with_guess` with the guess a scalar call starts from (0, raised to 1). */
function searchWithGuess(key: number, arr: readonly number[]): number {
  const len = arr.length;
  if (key > arr[len - 1]!) return len;
  if (key < arr[0]!) return -1;
  if (len <= 4) {
    let i = 1;
    while (i < len && key >= arr[i]!) i++;
    return i - 1;
  }
  let guess = 0;
  if (guess > len - 3) guess = len - 3;
  if (guess < 1) guess = 1;
  let imin = 0;
  let imax = len;
  if (key < arr[guess]!) {
    if (key < arr[guess - 1]!) {
      imax = guess - 1;
      if (guess > LIKELY_IN_CACHE_SIZE && key >= arr[guess - LIKELY_IN_CACHE_SIZE]!)
        imin = guess - LIKELY_IN_CACHE_SIZE;
    } else {
      return guess - 1;
    }
  } else {
    if (key < arr[guess + 1]!) return guess;
    if (key < arr[guess + 2]!) return guess + 1;
    imin = guess + 2;
    if (guess < len - LIKELY_IN_CACHE_SIZE - 1 && key < arr[guess + LIKELY_IN_CACHE_SIZE]!) {
      imax = guess + LIKELY_IN_CACHE_SIZE;
    }
  }
  while (imin < imax) {
    const imid = imin + ((imax - imin) >> 1);
    if (key >= arr[imid]!) imin = imid + 1;
    else imax = imid;
  }
  return imin - 1;
}

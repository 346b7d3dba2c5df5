import type { ChatRequest } from '../providers/spec/request.js';
import { MAX_PIECE_BYTES } from './count-o200k-tokens.js';
import { type EstimateInputOptions, tallyInputTokens } from './estimate-input-tokens.js';

/**
 * Bounds on `estimateInputTokens` that need no tokenizer, so the router can decide most calls without counting: the
 * exact count takes ~30 ns a character (~3 ms for a 20k-token prompt here), and a 10 MB input would block the event
 * loop for seconds. Both sum the request exactly as the estimate does (framing, images, safety factor) and differ
 * only in how they count a text, so `inputTokensLowerBound ≤ estimateInputTokens ≤ inputTokensUpperBound`.
 */
export function inputTokensUpperBound(request: ChatRequest, options: EstimateInputOptions = {}): number {
  return tallyInputTokens(request, options, o200kUpperBound);
}

/**
 * A lower bound on `estimateInputTokens` from one linear scan of each text (see `o200kLowerBound`). With `enough`,
 * a text's scan stops once its own bound reaches it: the result is then at least `enough`, which is all a check
 * against a limit needs (a 10 MB input is refused after scanning a few hundred kilobytes).
 */
export function inputTokensLowerBound(
  request: ChatRequest,
  options: EstimateInputOptions = {},
  enough = Number.POSITIVE_INFINITY,
): number {
  return tallyInputTokens(request, options, (text) => o200kLowerBound(text, enough));
}

/**
 * At least as many tokens as `countO200kTokens` counts: every o200k token is at least one UTF-8 byte, and the
 * counter adds one token per cut when it merges a piece longer than `MAX_PIECE_BYTES` in chunks. A text of a
 * million characters or more is not even measured (a UTF-16 code unit is at most 3 UTF-8 bytes): at that size the
 * bound decides nothing the exact count or the lower bound would not, and measuring 10 MB takes ~10 ms.
 */
export function o200kUpperBound(text: string): number {
  const bytes = text.length >= UNMEASURED_CHARS ? text.length * 3 : Buffer.byteLength(text, 'utf8');
  return bytes + Math.floor(bytes / MAX_PIECE_BYTES);
}

const UNMEASURED_CHARS = 1_000_000;

/** The longest o200k token, in UTF-8 bytes (a run of 128 spaces); a test checks it against the rank file. */
export const LONGEST_O200K_TOKEN_BYTES = 128;

/**
 * The most non-ASCII characters in one o200k token (` สำนักเลขานุการองค์กร`, 20); a test checks it against the rank
 * file. Every character's leading byte lies in exactly one token, so a text needs at least this many fewer tokens.
 */
export const MOST_NON_ASCII_CHARS_PER_TOKEN = 20;

/**
 * At most as many tokens as `countO200kTokens` counts, from one pass over the text with no regex and no branch per
 * character on ASCII (a table lookup gives the cut and the next state); it stops early once the bound reaches
 * `enough`, returning a bound at least that large. Several lower bounds, the largest wins:
 * - pieces: tokens never cross the pieces the o200k pre-tokenizer cuts a text into, so count the cuts that are
 *   certain from the characters around them (ASCII only) plus one, and one more per three digits of a run (digits
 *   form pieces of at most three);
 * - bytes: no token is longer than `LONGEST_O200K_TOKEN_BYTES`;
 * - characters: no token holds more than `MOST_NON_ASCII_CHARS_PER_TOKEN` non-ASCII characters, nor more than one
 *   astral one (emoji and the like: 4 bytes each, and no token is two of them).
 *
 * Certain cuts, from the pre-tokenizer's pieces (an optional non-letter then letters and an optional contraction such
 * as `'ll`; at most three digits; ` ?` then punctuation, running on only into newlines and slashes; whitespace):
 * - between an ASCII digit and an ASCII non-digit, either way round;
 * - a lowercase then an uppercase letter, unless an apostrophe comes just before (`'lL`, `'rE`, `'vE` are contractions);
 * - a letter then whitespace or punctuation other than an apostrophe;
 * - punctuation (apostrophe and slash included) then a space, tab, vertical tab or form feed;
 * - a newline then a letter or punctuation other than a slash (a letter piece never starts with a newline).
 */
export function o200kLowerBound(text: string, enough = Number.POSITIVE_INFINITY): number {
  const n = text.length;
  if (n === 0) return 0;
  // Characters first (no more than bytes): measuring the UTF-8 size is a pass of its own.
  const byChars = Math.ceil(n / LONGEST_O200K_TOKEN_BYTES);
  if (byChars >= enough) return byChars;
  let pieces = 1;
  let nonAscii = 0;
  let astral = 0;
  let state = START;
  const steps = transitions();
  for (let i = 0; i < n; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0x80) {
      if (code < 0xdc00 || code >= 0xe000) nonAscii += 1;
      // Only a pair is an astral character; a lone high surrogate is sent as U+FFFD, three bytes, and two of those
      // can be one token.
      if (code >= 0xd800 && code < 0xdc00) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) astral += 1;
      }
      code = 0;
    }
    const step = steps[(state << 7) | code] as number;
    pieces += step >> 8;
    state = step & 0xff;
    if ((i & 0xfff) === 0xfff && pieces >= enough) return pieces;
  }
  const byBytes = Math.ceil(Buffer.byteLength(text, 'utf8') / LONGEST_O200K_TOKEN_BYTES);
  return Math.max(pieces, byBytes, Math.ceil(nonAscii / MOST_NON_ASCII_CHARS_PER_TOKEN), astral);
}

// The scan's state is the previous character's ASCII code (0 for any non-ASCII character: a control code, next to
// which nothing is cut), except for these. A digit run cycles through three states so every third pair cuts.
const START = 0;
const FIRST_DIGIT = 0x30;
const SECOND_DIGIT = 128;
const THIRD_DIGIT = 129;
/** A lowercase letter just after an apostrophe: an uppercase letter after it may continue a contraction. */
const LOWER_AFTER_APOSTROPHE = 130;
const STATES = 131;

let built: Uint16Array | undefined;

/**
 * The scan's table, `steps[(state << 7) | next]`: the state after `next`, plus 256 when a piece certainly ends before
 * `next`. Built on the first scan (a few ms of CPU that `import('routewise')` need not pay; most calls never scan).
 */
function transitions(): Uint16Array {
  built ??= buildTransitions();
  return built;
}

function buildTransitions(): Uint16Array {
  const steps = new Uint16Array(STATES << 7);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);
  const digits = new Set(range(0x30, 0x39));
  const lower = new Set(range(0x61, 0x7a));
  const upper = new Set(range(0x41, 0x5a));
  const blanks = new Set([0x20, 0x09, 0x0b, 0x0c]);
  const newlines = new Set([0x0a, 0x0d]);
  const letter = (c: number) => lower.has(c) || upper.has(c);
  // Printable ASCII other than letters and digits, apostrophe (0x27) and slash (0x2f) included.
  const punctuation = (c: number) => c >= 0x21 && c <= 0x7e && !digits.has(c) && !letter(c);
  const asciiNonDigit = (c: number) => letter(c) || blanks.has(c) || newlines.has(c) || punctuation(c);
  const isDigitState = (s: number) => s === FIRST_DIGIT || s === SECOND_DIGIT || s === THIRD_DIGIT;
  const cut = (state: number, next: number): boolean => {
    if (isDigitState(state)) return digits.has(next) ? state === THIRD_DIGIT : asciiNonDigit(next);
    const prev = state === LOWER_AFTER_APOSTROPHE ? 0x61 : state;
    if (digits.has(next)) return asciiNonDigit(prev);
    if (lower.has(prev) && upper.has(next)) return state !== LOWER_AFTER_APOSTROPHE;
    if (letter(prev)) return blanks.has(next) || newlines.has(next) || (punctuation(next) && next !== 0x27);
    if (punctuation(prev)) return blanks.has(next);
    if (newlines.has(prev)) return letter(next) || (punctuation(next) && next !== 0x2f);
    return false;
  };
  const after = (state: number, next: number): number => {
    if (digits.has(next)) {
      if (state === FIRST_DIGIT) return SECOND_DIGIT;
      if (state === SECOND_DIGIT) return THIRD_DIGIT;
      return FIRST_DIGIT;
    }
    if (state === 0x27 && lower.has(next)) return LOWER_AFTER_APOSTROPHE;
    return next;
  };
  for (let state = 0; state < STATES; state++) {
    if (state > FIRST_DIGIT && state <= 0x39) continue; // digits are the three digit states
    for (let next = 0; next < 128; next++) {
      steps[(state << 7) | next] = (cut(state, next) ? 256 : 0) | after(state, next);
    }
  }
  return steps;
}

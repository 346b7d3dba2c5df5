// A light English stemmer for the semantic cache's second check: "recipe" / "recipes", "limit" / "limitations",
// "infertile" / "infertility", "favourite" / "favorite" must count as the same word, or paraphrases fail the check
// on their inflection. Applied to both questions alike, so it only has to map a word's forms together; an
// over-merge (computer / compute) costs little, a miss costs a hit.

// Longest first: the first suffix that leaves a stem of at least three letters is cut (and replaced).
const SUFFIXES: [string, string][] = [
  ['izations', 'ize'],
  ['isations', 'ize'],
  ['ization', 'ize'],
  ['isation', 'ize'],
  ['ational', ''],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ousness', 'ous'],
  ['ations', ''],
  ['ically', 'ic'],
  ['ation', ''],
  ['ical', 'ic'],
  ['ities', ''],
  ['ments', ''],
  ['ingly', ''],
  ['ness', ''],
  ['ment', ''],
  ['ings', ''],
  ['ity', ''],
  ['ate', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['ally', 'al'],
  ['edly', ''],
  ['ly', ''],
  ['ed', ''],
  ['es', ''],
  ['s', ''],
];

/** The stem of one lower-cased word. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/u, '').replace(/['’]$/u, '');
  if (w.length <= 3 || !/^\p{Ll}+$/u.test(w)) return w;
  // British and American spellings: colour / color, organise / organize.
  if (w.length >= 6) w = w.replace(/our(?=[a-z]{0,4}$)/u, 'or');
  w = w.replace(/is(e|ed|es|ing|ation)$/u, 'iz$1');
  for (const [suffix, replacement] of SUFFIXES) {
    if (!w.endsWith(suffix)) continue;
    const base = w.slice(0, -suffix.length);
    if (base.length < 3) continue;
    // "is", "us", "ss" endings are not plurals (analysis, virus, class).
    if (suffix === 's' && /(s|u|i)$/u.test(base)) break;
    w = base + replacement;
    break;
  }
  w = w.replace(/e$/u, '');
  // stopp(ed) → stop, runn(ing) → run.
  if (/([b-df-hj-np-tv-z])\1$/u.test(w) && !/(ll|ss|zz)$/u.test(w)) w = w.slice(0, -1);
  // easi(ly) → easy, happi(ness) → happy.
  return w.replace(/i$/u, 'y');
}

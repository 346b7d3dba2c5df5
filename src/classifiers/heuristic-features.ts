// The documented features of the heuristic classifier. Each reads the prompt text and returns a value in [0, 1];
// `heuristic()` combines them logistically, and `learned()` uses them as dense inputs next to its hashed n-grams.

/** Clamps a value into [0, 1]. */
function unit(value: number): number {
  return Math.max(0, Math.min(1, value));
}

/** Counts the matches of a global regular expression. */
function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/**
 * Length: log-scaled character count, 0 for an empty prompt, 0.5 near 60 characters, 1 at 4,000 characters or more.
 * Longer prompts carry more context, more constraints and more to get wrong.
 */
export function lengthFeature(text: string): number {
  return unit(Math.log1p(text.length) / Math.log1p(4000));
}

const CODE_FENCE = /```|~~~/g;
const CODE_KEYWORD =
  /\b(?:function|def|class|return|import|const|let|var|public|static|void|async|await|lambda|struct|impl|fn|SELECT|INSERT|UPDATE|WHERE|#include|println|printf|console\.log|SQL|regex|compile|stack trace|traceback|exception|bug|debug|refactor|algorithm|complexity)\b/gi;
const CODE_SYMBOL_LINE = /^[ \t]*(?:[{}[\]()]|.*[;{}]\s*$|.*(?:=>|->|::|==|!=|\+=|&&|\|\|).*$)/gm;

/**
 * Code: fenced blocks, programming keywords (`def`, `return`, `SELECT`, `traceback`, …) and lines that look like code
 * (ending in `;` or braces, or holding operators such as `=>`, `==`, `&&`): 0.6 for a fence, 0.12 per keyword,
 * 0.15 per code line, capped at 1.
 */
export function codeFeature(text: string): number {
  const fences = countMatches(text, CODE_FENCE);
  const keywords = countMatches(text, CODE_KEYWORD);
  const codeLines = countMatches(text, CODE_SYMBOL_LINE);
  return unit((fences > 0 ? 0.6 : 0) + 0.12 * keywords + 0.15 * codeLines);
}

const MATH_SYMBOL = /\\(?:frac|sqrt|sum|int|prod|lim|log|sin|cos|tan|pi|theta|alpha|beta)|[∑∫√π≤≥≠±×÷^]|\$[^$\n]+\$/g;
const MATH_OPERATION = /\d\s*[-+*/×÷^=<>]\s*(?=[\d(x-z])|[a-z]\s*[=^]\s*\d|\d+\s*%/gi;
const MATH_WORD =
  /\b(?:solve|equation|calculate|compute|integral|derivative|probability|prove|theorem|matrix|polynomial|percent(?:age)?|ratio|average|sum|product|remainder|divisible|prime|how many|how much|total|fraction|simplify|expected value|variance|modulo|factor)\b/gi;

/**
 * Math: LaTeX and math symbols (`\frac`, `√`, `$x$`), arithmetic between numbers (`3 + 4`, `x = 2`, `15%`) and math
 * vocabulary (`solve`, `probability`, `how many`, `percent`, …). Weak models lose most of their accuracy on
 * multi-step arithmetic.
 */
export function mathFeature(text: string): number {
  const symbols = countMatches(text, MATH_SYMBOL);
  const operations = countMatches(text, MATH_OPERATION);
  const words = countMatches(text, MATH_WORD);
  return unit(0.25 * symbols + 0.2 * operations + 0.2 * words);
}

const NUMBER = /\d+(?:[.,]\d+)*/g;

/**
 * Quantities: how many numbers the prompt states, 1 at eight or more. In word problems each quantity is usually one
 * more step of arithmetic to get right.
 */
export function quantityFeature(text: string): number {
  return unit(countMatches(text, NUMBER) / 8);
}

const STEP_CUE =
  /\b(?:step[- ]by[- ]step|first(?:ly)?|second(?:ly)?|then|after (?:that|this)|next|finally|afterwards|each|every|per|remaining|rest of|in total|altogether|twice|half|times as|more than|less than|fewer than)\b/gi;
const LIST_ITEM = /^\s*(?:\d+[.)]|[-*•])\s+/gm;
const SENTENCE_END = /[.!?](?:\s|$)/g;

/**
 * Multi-step: sequencing and accumulation cues (`first`, `then`, `after that`, `each`, `remaining`, `twice`, …),
 * list items and the number of sentences. Each step is one more chance for a weak model to slip.
 */
export function multiStepFeature(text: string): number {
  const cues = countMatches(text, STEP_CUE);
  const items = countMatches(text, LIST_ITEM);
  const sentences = countMatches(text, SENTENCE_END);
  return unit(0.1 * cues + 0.1 * items + 0.06 * Math.max(0, sentences - 1));
}

const REASONING_REQUEST =
  /\b(?:explain|why|prove|justify|derive|reason(?:ing)?|analy[sz]e|compare|contrast|evaluate|critique|trade-?offs?|implications?|think (?:carefully|step)|show (?:your|the) work|in detail|pros and cons|design|architect|optimi[sz]e)\b/gi;

/**
 * Requested reasoning: the user asks for an explanation, a proof, an analysis, a comparison, a design or an
 * optimization (`explain why`, `prove`, `trade-offs`, `think carefully`, …), rather than a lookup.
 */
export function reasoningRequestFeature(text: string): number {
  return unit(0.3 * countMatches(text, REASONING_REQUEST));
}

const CONSTRAINT =
  /\b(?:must|exactly|at least|at most|no more than|without|only|do not|don't|never|always|format|json|yaml|table|bullet|words?|characters?|sentences?|constraints?|requirements?)\b/gi;

/**
 * Constraints: explicit requirements on the answer (`must`, `exactly`, `at most`, `do not`, `JSON`, `in 50 words`).
 * Many simultaneous constraints are where weak models drop one.
 */
export function constraintFeature(text: string): number {
  return unit(0.12 * countMatches(text, CONSTRAINT));
}

const LETTER = /\p{L}/gu;
const NON_ASCII_LETTER = /(?=\p{L})[^\p{ASCII}]/gu;

/**
 * Non-English text: the share of letters outside ASCII (accented Latin, Cyrillic, CJK, Arabic, …), 1 when at least
 * half of the letters are. Smaller models are markedly weaker outside English.
 */
export function nonEnglishFeature(text: string): number {
  let nonAscii = false;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) {
      nonAscii = true;
      break;
    }
  }
  if (!nonAscii) return 0;
  const letters = countMatches(text, LETTER);
  if (letters === 0) return 0;
  return unit((2 * countMatches(text, NON_ASCII_LETTER)) / letters);
}

const QUESTION_MARK = /\?/g;

/** Several questions: the number of question marks beyond the first, 1 at four or more questions. */
export function multiQuestionFeature(text: string): number {
  return unit((countMatches(text, QUESTION_MARK) - 1) / 3);
}

const SIMPLE_REQUEST =
  /^\s*(?:hi|hello|hey|thanks|thank you|good (?:morning|evening)|what is the capital|who (?:is|was)|when (?:is|was|did)|translate|define|spell|what time|what day)\b/i;

/**
 * Simple request (lowers the score): greetings, thanks, one-fact lookups (`who was`, `what is the capital`),
 * definitions and translations, when the prompt is short (under 200 characters).
 */
export function simpleRequestFeature(text: string): number {
  return text.length < 200 && SIMPLE_REQUEST.test(text) ? 1 : 0;
}

/** One documented feature: a name and a function of the prompt into [0, 1]. */
export interface HeuristicFeature {
  /** Stable name, used as the key of weights. */
  readonly name: string;
  /** Computes the feature. */
  readonly compute: (text: string) => number;
}

/** Every heuristic feature, in a fixed order (the learned model's dense inputs follow this order). */
export const HEURISTIC_FEATURES: readonly HeuristicFeature[] = [
  { name: 'length', compute: lengthFeature },
  { name: 'code', compute: codeFeature },
  { name: 'math', compute: mathFeature },
  { name: 'quantities', compute: quantityFeature },
  { name: 'multiStep', compute: multiStepFeature },
  { name: 'reasoningRequest', compute: reasoningRequestFeature },
  { name: 'constraints', compute: constraintFeature },
  { name: 'nonEnglish', compute: nonEnglishFeature },
  { name: 'multiQuestion', compute: multiQuestionFeature },
  { name: 'simpleRequest', compute: simpleRequestFeature },
];

/** Names of the heuristic features. */
export type HeuristicFeatureName =
  | 'length'
  | 'code'
  | 'math'
  | 'quantities'
  | 'multiStep'
  | 'reasoningRequest'
  | 'constraints'
  | 'nonEnglish'
  | 'multiQuestion'
  | 'simpleRequest';

/** Computes every heuristic feature of a prompt, by name. */
export function heuristicFeatures(text: string): Record<HeuristicFeatureName, number> {
  const out = {} as Record<HeuristicFeatureName, number>;
  for (const feature of HEURISTIC_FEATURES) out[feature.name as HeuristicFeatureName] = feature.compute(text);
  return out;
}

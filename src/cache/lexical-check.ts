// The semantic cache's lexical check: what wording cannot change must agree between the query and the cached
// question. Embeddings place "What is 2+3?" next to "What is 2+4?", "Is X safe?" next to "Is X not safe?" and
// "learn Python" next to "learn Java"; these rules tell them apart.
import type { LexicalCheckSettings } from './response-cache-config.js';
import { stem } from './stem.js';

// "one" is left out: "How does one …" is a pronoun far more often than a count.
const NUMBER_WORDS = new Set(
  [
    'zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen',
    'eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion',
    'first second third fourth fifth sixth seventh eighth ninth tenth half twice double triple dozen',
  ]
    .join(' ')
    .split(' '),
);

const NEGATIONS = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'nowhere',
  'without',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'hasnt',
  'havent',
  'hadnt',
  'mustnt',
]);

// Function words and words so common in questions that a paraphrase swaps them freely.
export const COMMON = new Set(
  `a an the and or but if then than so of to in on at by for from with about into over under after before between
  through during without within is are was were be been being am do does did done doing have has had having will would
  shall should can could may might must i me my mine we us our you your yours he him his she her it its they them their
  this that these those there here what which who whom whose when where why how whats hows whos wheres whys
  all any some each every many much more most less least few other another such same own very too also just only
  even still yet ever again really quite rather way ways thing things something anything everything someone anyone
  people person good best better bad worse worst new old big small great high low long short right wrong true false
  get gets got getting make makes made making take takes took go goes went going come came use used using uses
  know knows knew think thinks thought want wants need needs like likes liked find found give given tell told
  say said see seen look feel become becomes work works working help helps start started learn learning
  possible important different difficult easy hard main common real free full whole sure able likely
  time times year years day days life world way part place case kind type types number example reason reasons
  difference differences between tips advice idea ideas question questions answer answers quora online
  improve improving increase best better effective effectively good way ways tip become one ones someone
  please anyone someone mean means meaning called call possible actually generally usually
  i'm it's don't what's how's why's ok okay vs versus`.split(/\s+/),
);

/** A question reduced to what the rules (and the pair verifier's features) compare. */
export interface QuestionFeatures {
  numbers: string[];
  asks: string;
  comparatives: string;
  negations: number;
  entities: Set<string>;
  rare: Set<string>;
  stems: Set<string>;
  /** Every word, lower-cased, in order. */
  words: string[];
}

// What a question asks for: a reason, a place, a time, a person, a count or an amount differ in answer, whatever the
// wording; what / how / which are too interchangeable to tell apart.
const ASKS: [RegExp, string][] = [
  [/\bhow (many|much)\b/iu, 'amount'],
  [/\bwhy\b/iu, 'reason'],
  [/\bwhere\b/iu, 'place'],
  [/\bwhen\b/iu, 'time'],
  [/\bwho(m|se)?\b/iu, 'person'],
];

// "Is X better than Y?" and "Is X worse than Y?" embed alike and ask opposite things.
const COMPARATIVES = new Set(
  'better worse worst more less least fewer bigger smaller larger higher lower faster slower cheaper harder easier safer'.split(
    ' ',
  ),
);

// "X and Y", "X vs Y", "between X and Y" are symmetric: swapping X and Y keeps the question.
const SYMMETRIC = /\b(and|or|vs|versus|between|compared?|comparison|differences?|similarit(y|ies))\b|[&/]/iu;

/** Whether the two questions' content words are the same but two of them traded places (cats afraid of tigers). */
function rolesSwapped(a: readonly string[], b: readonly string[], textA: string, textB: string): boolean {
  const content = (words: readonly string[]) => words.filter((w) => !COMMON.has(w)).map(stem);
  const x = content(a);
  const y = content(b);
  if (x.length !== y.length || x.length < 2) return false;
  const differ = x.flatMap((word, i) => (word === y[i] ? [] : [i]));
  if (differ.length !== 2) return false;
  const [i, j] = differ as [number, number];
  return x[i] === y[j] && x[j] === y[i] && !SYMMETRIC.test(textA) && !SYMMETRIC.test(textB);
}

function asksFor(text: string): string {
  return ASKS.filter(([pattern]) => pattern.test(text))
    .map(([, kind]) => kind)
    .join(',');
}

/** What the lexical rules compare, read off one question. */
export function questionFeatures(text: string): QuestionFeatures {
  const numbers: string[] = [];
  for (const match of text.matchAll(/\d+(?:[.,]\d+)*/gu)) numbers.push(match[0].replace(/,/gu, ''));
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  let negations = 0;
  const entities = new Set<string>();
  const rare = new Set<string>();
  const stems = new Set<string>();
  words.forEach((raw, index) => {
    const word = raw.replace(/’/gu, "'");
    const lower = word.toLowerCase();
    const bare = lower.replace(/'/gu, '');
    if (NUMBER_WORDS.has(lower)) numbers.push(lower);
    if (NEGATIONS.has(bare) || lower.endsWith("n't")) negations++;
    stems.add(stem(lower));
    // A capital not at the start of the question (or any inner capital / digit: iPhone, GPT4) marks a name.
    const capital = /^\p{Lu}/u.test(word) && (index > 0 || /\p{Lu}/u.test(word.slice(1)));
    if ((capital || /\p{Ll}\p{Lu}|\p{L}\p{N}|\p{N}\p{L}/u.test(word)) && !COMMON.has(lower)) entities.add(lower);
    if (lower.length >= 4 && !COMMON.has(lower) && !COMMON.has(stem(lower)) && !/^\d/u.test(lower))
      rare.add(stem(lower));
  });
  numbers.sort();
  const comparatives = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => COMPARATIVES.has(w)))]
    .sort()
    .join(',');
  const lowered = words.map((w) => w.replace(/’/gu, "'").toLowerCase());
  return { numbers, asks: asksFor(text), comparatives, negations, entities, rare, stems, words: lowered };
}

/** Why two questions differ in what wording cannot change, or undefined when they agree. */
export function lexicalMismatch(
  query: string,
  candidate: string,
  settings: LexicalCheckSettings = {},
): string | undefined {
  const a = questionFeatures(query);
  const b = questionFeatures(candidate);
  if (settings.numbers !== false && a.numbers.join(' ') !== b.numbers.join(' ')) return 'numbers differ';
  if (settings.negations !== false && a.negations % 2 !== b.negations % 2) return 'negation differs';
  if (settings.negations !== false && a.comparatives !== b.comparatives) return 'comparison differs';
  if (settings.questionWords !== false && a.asks !== b.asks)
    return 'they ask for different things (why / where / when / who / how many)';
  if (settings.entities !== false) {
    for (const name of a.entities) if (!b.stems.has(stem(name))) return `"${name}" only in the query`;
    for (const name of b.entities) if (!a.stems.has(stem(name))) return `"${name}" only in the cached question`;
  }
  if (settings.order !== false && rolesSwapped(a.words, b.words, query, candidate))
    return 'the same words in swapped roles';
  if (settings.rareWords !== false) {
    const allowed = settings.maxRareWordDifferences ?? 0;
    const only = [...a.rare]
      .filter((word) => !b.stems.has(word))
      .concat([...b.rare].filter((word) => !a.stems.has(word)));
    if (only.length > allowed) return `rare words in one question only: ${only.map((w) => `"${w}"`).join(', ')}`;
  }
  return undefined;
}

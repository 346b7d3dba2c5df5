/**
 * Would a learned pair verifier beat the semantic cache's lexical rules? Trains a logistic regression on pair features
 * (bench/support/pair-features.ts: similarity, mismatch counts, word overlaps) on one part of the QQP dev pairs and
 * compares, on the held-out part and on the repo's own set, the share of duplicates each second check serves at a
 * false-hit bound: similarity alone, the shipped lexical rules, the regression, and the rules with a similarity penalty
 * per differing rare word (its setting picked on the training part). The cut of each check is picked on the set it is
 * measured on, so every figure is that check's best case there; the penalty's setting is also applied at the cut
 * picked in training, which is the honest held-out figure. See docs/caching.md.
 *
 * Run: npx tsx bench/semantic-verifier.ts path/to/qqp/pairs.jsonl [--split 5500]
 *   trains on pairs split..end, measures on 0..split. Without the file it says so and exits. Embeddings come from the
 *   same file cache as bench/semantic-cache.ts (ROUTEWISE_EMBEDDINGS_CACHE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { type LabelledPair, lexicalMismatch } from '../src/index.js';
import { pairSimilarities } from '../src/cache/calibrate-semantic-cache.js';
import { DEFAULT_LEXICAL_CHECK } from '../src/cache/semantic-defaults.js';
import { universalSentenceEncoder } from '../src/embedders/universal-sentence-encoder.js';
import { cachedEmbedder } from './support/cached-embedder.js';
import { PAIR_FEATURE_NAMES, pairFeatures } from './support/pair-features.js';

const args = process.argv.slice(2);
const splitAt = args.indexOf('--split');
const split = splitAt >= 0 ? Number(args[splitAt + 1]) : 5500;
const qqpPath = args.find((arg, i) => !arg.startsWith('--') && (splitAt < 0 || i !== splitAt + 1));
if (!qqpPath || !existsSync(qqpPath)) {
  console.log(`no QQP pairs at ${qqpPath ?? '(no path given)'}: nothing to train on`);
  process.exit(0);
}

const readPairs = (path: string): LabelledPair[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledPair);

/** One pair as the checks see it. */
interface Row {
  similarity: number;
  features: number[];
  duplicate: boolean;
  /** Passes the shipped lexical rules. */
  rules: boolean;
  /** Passes every rule but the rare-word one, and how many rare words differ. */
  rulesButRare: boolean;
  rareDifferences: number;
}

const embedder = cachedEmbedder(universalSentenceEncoder());
async function rows(pairs: LabelledPair[]): Promise<Row[]> {
  const similarities = await pairSimilarities(embedder, pairs);
  const rare = PAIR_FEATURE_NAMES.indexOf('rareWordMismatches');
  return pairs.map((pair, i) => {
    const similarity = similarities[i] as number;
    const features = pairFeatures(pair.b, pair.a, similarity);
    return {
      similarity,
      features,
      duplicate: pair.duplicate,
      rules: lexicalMismatch(pair.b, pair.a, DEFAULT_LEXICAL_CHECK) === undefined,
      rulesButRare: lexicalMismatch(pair.b, pair.a, { ...DEFAULT_LEXICAL_CHECK, rareWords: false }) === undefined,
      rareDifferences: features[rare] as number,
    };
  });
}

/** Logistic regression by Newton's method (L2 on the weights, not the bias): deterministic, a few iterations. */
function trainLogistic(x: number[][], y: number[], l2 = 1): number[] {
  const d = (x[0]?.length ?? 0) + 1;
  let w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < 30; iteration++) {
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    const gradient = new Array<number>(d).fill(0);
    x.forEach((row, n) => {
      const input = [1, ...row];
      const p = 1 / (1 + Math.exp(-input.reduce((z, v, i) => z + v * (w[i] as number), 0)));
      for (let i = 0; i < d; i++) {
        gradient[i] = (gradient[i] as number) + (p - (y[n] as number)) * (input[i] as number);
        const row2 = hessian[i] as number[];
        for (let j = 0; j < d; j++)
          row2[j] = (row2[j] as number) + p * (1 - p) * (input[i] as number) * (input[j] as number);
      }
    });
    for (let i = 0; i < d; i++) {
      const row2 = hessian[i] as number[];
      row2[i] = (row2[i] as number) + (i === 0 ? 1e-6 : l2);
      if (i > 0) gradient[i] = (gradient[i] as number) + l2 * (w[i] as number);
    }
    const step = solve(hessian, gradient);
    w = w.map((wi, i) => wi - (step[i] as number));
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return w;
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]?.[c] as number) > Math.abs(m[pivot]?.[c] as number)) pivot = r;
    [m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]];
    const top = m[c] as number[];
    for (let r = 0; r < n; r++) {
      const row = m[r] as number[];
      if (r === c) continue;
      const f = (row[c] as number) / (top[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (top[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
}

/** The best share of duplicates served with at most `bound` of non-duplicates served, and the cut that gives it. */
function bestAt(scores: (number | undefined)[], data: Row[], bound: number) {
  const duplicates = data.filter((r) => r.duplicate).length;
  const nonDuplicates = data.length - duplicates;
  const order = scores
    .map((score, i) => ({ score, i }))
    .filter((s): s is { score: number; i: number } => s.score !== undefined)
    .sort((p, q) => q.score - p.score);
  let trueHits = 0;
  let falseHits = 0;
  let best = { trueHitRate: 0, falseHitRate: 0, cut: Number.POSITIVE_INFINITY };
  order.forEach(({ score, i }, k) => {
    if ((data[i] as Row).duplicate) trueHits++;
    else falseHits++;
    if (order[k + 1]?.score === score) return;
    if (falseHits / nonDuplicates <= bound && trueHits / duplicates > best.trueHitRate)
      best = { trueHitRate: trueHits / duplicates, falseHitRate: falseHits / nonDuplicates, cut: score };
  });
  return best;
}

function at(scores: (number | undefined)[], data: Row[], cut: number) {
  let trueHits = 0;
  let falseHits = 0;
  const duplicates = data.filter((r) => r.duplicate).length;
  scores.forEach((score, i) => {
    if (score === undefined || score < cut) return;
    if ((data[i] as Row).duplicate) trueHits++;
    else falseHits++;
  });
  return { trueHitRate: trueHits / duplicates, falseHitRate: falseHits / (data.length - duplicates) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const FLOOR = 0.7;
const BOUNDS = [0.005, 0.01, 0.02, 0.05];

const qqp = readPairs(qqpPath);
const train = await rows(qqp.slice(split));
const heldOut = await rows(qqp.slice(0, split));
const own = await rows(readPairs('test/fixtures/semantic-cache/pairs.jsonl'));

const fitted = train.filter((r) => r.similarity >= FLOOR);
const weights = trainLogistic(
  fitted.map((r) => r.features),
  fitted.map((r) => (r.duplicate ? 1 : 0)),
);
console.log(
  `logistic regression on ${fitted.length} training pairs (similarity ≥ ${FLOOR}): bias ${(weights[0] as number).toFixed(2)}, ` +
    PAIR_FEATURE_NAMES.map((name, i) => `${name} ${(weights[i + 1] as number).toFixed(2)}`).join(', '),
);
const logistic = (r: Row) =>
  r.similarity >= FLOOR
    ? r.features.reduce((z, v, i) => z + v * (weights[i + 1] as number), weights[0] as number)
    : undefined;

// Per-count thresholds: similarity − penalty × differing rare words, at most `most` of them; picked on training pairs.
const penalized = (penalty: number, most: number) => (r: Row) =>
  r.rulesButRare && r.rareDifferences <= most ? r.similarity - penalty * r.rareDifferences : undefined;
let chosen = { penalty: 0, most: 0, cut: Number.POSITIVE_INFINITY, trueHitRate: -1 };
for (const most of [0, 1, 2, 3, 5])
  for (const penalty of [0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.06]) {
    const best = bestAt(train.map(penalized(penalty, most)), train, 0.01);
    if (best.trueHitRate > chosen.trueHitRate) chosen = { penalty, most, ...best };
  }

const checks: [string, (r: Row) => number | undefined][] = [
  ['similarity alone', (r) => r.similarity],
  [`lexical rules ${JSON.stringify(DEFAULT_LEXICAL_CHECK)}`, (r) => (r.rules ? r.similarity : undefined)],
  ['logistic regression', logistic],
  ['logistic regression after the rules', (r) => (r.rules ? logistic(r) : undefined)],
  [`rules, penalty ${chosen.penalty} per rare word (≤ ${chosen.most})`, penalized(chosen.penalty, chosen.most)],
];
for (const [name, data] of [
  [`training pairs ${split}–${qqp.length} (in sample)`, train],
  [`held-out pairs 0–${split}`, heldOut],
  ['own set', own],
] as const) {
  console.log(`\n## ${name}: best share of duplicates served at ≤ ${BOUNDS.map(pct).join(' / ')} false hits`);
  for (const [check, score] of checks) {
    const scores = data.map(score);
    console.log(
      `${check.padEnd(48)} ${BOUNDS.map((b) => bestAt(scores, data, b))
        .map((p) => `${pct(p.trueHitRate)} (${pct(p.falseHitRate)})`)
        .join('  ')}`,
    );
  }
  const fixed = at(data.map(penalized(chosen.penalty, chosen.most)), data, chosen.cut);
  console.log(
    `penalty setting at the cut picked in training (${chosen.cut.toFixed(3)}): ${pct(fixed.trueHitRate)} true, ${pct(fixed.falseHitRate)} false`,
  );
}

import { type AgreementRates, answerPosteriors } from '../../router/policies/cascade-routing-core.js';
import type { EvalRow } from '../dataset.js';
import type { RecordedKeys } from './recorded-keys.js';

/** Counts behind one set of agreement rates. */
interface RateCounts {
  right: number[];
  rows: number[];
  noKey: number[];
  noKeyRight: number[];
  agreeRight: number[][];
  pairRight: number[][];
  agreeWrong: number[][];
  pairWrong: number[][];
}

function emptyCounts(k: number): RateCounts {
  const grid = () => Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const line = () => new Array<number>(k).fill(0);
  return {
    right: line(),
    rows: line(),
    noKey: line(),
    noKeyRight: line(),
    agreeRight: grid(),
    pairRight: grid(),
    agreeWrong: grid(),
    pairWrong: grid(),
  };
}

/**
 * Agreement rates of recorded answers, per task and over all rows (the fallback of an unseen task): for each pair
 * of models, how often j's answer has i's key when i is right, and when i is wrong (right = quality ≥ 0.5), and how
 * much an answer without a key says about its quality. A task's rates are shrunk towards the all-row rates by
 * `prior` pseudo-rows, so a small task does not swing on noise.
 */
export function learnAgreementRates(
  rows: readonly EvalRow[],
  models: readonly string[],
  keys: RecordedKeys,
  prior = 20,
): { byTask: Map<string, AgreementRates>; all: AgreementRates } {
  const k = models.length;
  const counts = new Map<string | undefined, RateCounts>();
  const all = emptyCounts(k);
  for (const row of rows) {
    let c = row.task === undefined ? undefined : counts.get(row.task);
    if (row.task !== undefined && !c) {
      c = emptyCounts(k);
      counts.set(row.task, c);
    }
    const kind = keys.kindOf(row, 0);
    const key = models.map((_, i) => keys.key(row, i, kind));
    for (const target of c ? [all, c] : [all]) {
      for (let i = 0; i < k; i++) {
        const right = row.outcomes[models[i]!]!.quality >= 0.5;
        target.rows[i]!++;
        if (right) target.right[i]!++;
        if (key[i] === undefined) {
          target.noKey[i]!++;
          if (right) target.noKeyRight[i]!++;
          continue;
        }
        for (let j = 0; j < k; j++) {
          if (j === i || key[j] === undefined) continue;
          const same = key[j] === key[i] ? 1 : 0;
          if (right) {
            target.pairRight[i]![j]!++;
            target.agreeRight[i]![j]! += same;
          } else {
            target.pairWrong[i]![j]!++;
            target.agreeWrong[i]![j]! += same;
          }
        }
      }
    }
  }
  const toRates = (c: RateCounts, base?: AgreementRates): AgreementRates => {
    const w = base ? prior : 0;
    const rate = (hits: number, n: number, fallback: number) => (hits + w * fallback) / (n + w || 1);
    return {
      agreeIfRight: c.agreeRight.map((row, i) =>
        row.map((hits, j) => rate(hits, c.pairRight[i]![j]!, base ? base.agreeIfRight[i]![j]! : 0.5)),
      ),
      agreeIfWrong: c.agreeWrong.map((row, i) =>
        row.map((hits, j) => rate(hits, c.pairWrong[i]![j]!, base ? base.agreeIfWrong[i]![j]! : 0.5)),
      ),
      noKeyFactor: c.noKey.map((n, i) => {
        const p = c.right[i]! / (c.rows[i]! || 1);
        const pNoKey = rate(c.noKeyRight[i]!, n, base ? base.noKeyFactor[i]! * p : p);
        return p > 0 ? pNoKey / p : 1;
      }),
    };
  };
  const allRates = toRates(all);
  const byTask = new Map<string, AgreementRates>();
  for (const [task, c] of counts) if (task !== undefined) byTask.set(task, toRates(c, allRates));
  return { byTask, all: allRates };
}

/**
 * gainIfWrong[i][n] on training rows (see `CascadeEstimates.gainIfWrong`): over rows where i is wrong, the mean
 * quality gained by also calling n and returning whichever of the two answers has the better posterior under
 * `rates` and `quality` (so a right n whose answer is not picked gains nothing). Shrunk towards n's quality on rows
 * where i is wrong by `prior` pseudo-rows.
 */
export function learnGainIfWrong(
  rows: readonly EvalRow[],
  models: readonly string[],
  keys: RecordedKeys,
  quality: readonly number[],
  rates: AgreementRates,
  prior = 10,
): number[][] {
  const k = models.length;
  const sum = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const right = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const n = new Array<number>(k).fill(0);
  for (const row of rows) {
    const kind = keys.kindOf(row, 0);
    const key = models.map((_, i) => keys.key(row, i, kind));
    const q = models.map((m) => row.outcomes[m]!.quality);
    for (let i = 0; i < k; i++) {
      if (q[i]! >= 0.5) continue;
      n[i]!++;
      for (let j = 0; j < k; j++) {
        if (j === i) continue;
        const [pi, pj] = answerPosteriors({ ran: [i, j], keys: [key[i], key[j]] }, { quality, cost: [], rates });
        sum[i]![j]! += (pj! > pi! ? q[j]! : q[i]!) - q[i]!;
        right[i]![j]! += q[j]!;
      }
    }
  }
  return sum.map((line, i) =>
    line.map((s, j) => (i === j ? 0 : (s + prior * (right[i]![j]! / (n[i]! || 1))) / (n[i]! + prior))),
  );
}

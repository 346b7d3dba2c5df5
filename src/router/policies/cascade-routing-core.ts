/**
 * The decision rule of cascade routing (Dekoninck et al., "A Unified Approach to Routing and Cascading for LLMs",
 * ICML 2025), as one pure function the live policy and the evaluator both call: given what each model is expected
 * to score and cost on this request, and the answers seen so far, either call one more model or stop, and say which
 * answer to return. Quality estimates are updated from the answers (agreement between them, an answer with nothing
 * to compare, e.g. a refusal) by naive-Bayes factors learned on recorded outcomes (`AgreementRates`).
 */

/** What the rule knows about the candidate models, by index. */
export interface CascadeEstimates {
  /** Prior probability that each model answers this request well (per-model heads, or a per-task prior). */
  quality: readonly number[];
  /** Expected cost of each model's call on this request, in units of a reference cost (λ's unit). */
  cost: readonly number[];
  /** How answers inform each other; without it answers only count through `quality`. */
  rates?: AgreementRates;
  /**
   * gainIfWrong[i][n]: the quality gained, on average, by also calling n when i's answer is wrong, the better-looking
   * of the two answers then returned (learned on recorded outcomes, so correlated errors and picking the wrong one of
   * two answers are counted). Without it calls are assumed independent: n's own quality.
   */
  gainIfWrong?: readonly (readonly number[])[];
}

/** Learned once per training set: how often model j's answer agrees with model i's, when i is right and when wrong. */
export interface AgreementRates {
  /** agreeIfRight[i][j] = P(j's key = i's key | i right). */
  agreeIfRight: readonly (readonly number[])[];
  /** agreeIfWrong[i][j] = P(j's key = i's key | i wrong). */
  agreeIfWrong: readonly (readonly number[])[];
  /** P(i right | i's answer has no key) over P(i right): how much an answer with nothing to compare says. */
  noKeyFactor: readonly number[];
}

/** The answers seen so far: the models called, in order, and each answer's comparison key (undefined = none). */
export interface CascadeState {
  ran: readonly number[];
  keys: readonly (string | undefined)[];
  /**
   * Per answer (same order as `ran`), a factor on its own odds of being right: 0 for an answer an acceptance check
   * rejected (it still counts as evidence about the others). Default 1.
   */
  factors?: readonly number[];
  /** Models that may not be called (a live step that failed, or did not fit the budget). */
  unavailable?: readonly number[];
}

/** What to do next. */
export interface CascadeStep {
  /** The next model to call, or undefined to stop. */
  next?: number;
  /** The model whose answer is returned when stopping now (undefined before any call). */
  answer?: number;
  /** Its estimated quality. */
  quality: number;
}

const clamp = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
const odds = (p: number) => clamp(p) / (1 - clamp(p));

/** Posterior quality of each answer seen (same order as `state.ran`). */
export function answerPosteriors(state: CascadeState, estimates: CascadeEstimates): number[] {
  const { rates } = estimates;
  return state.ran.map((i, a) => {
    const factor = state.factors?.[a] ?? 1;
    if (factor === 0) return 0;
    let o = odds(estimates.quality[i]!) * factor;
    if (!rates) return o / (1 + o);
    const key = state.keys[a];
    if (key === undefined) {
      const p = clamp(estimates.quality[i]! * rates.noKeyFactor[i]!);
      return factor === 1 ? p : (odds(p) * factor) / (1 + odds(p) * factor);
    }
    for (let b = 0; b < state.ran.length; b++) {
      if (b === a) continue;
      const j = state.ran[b]!;
      const other = state.keys[b];
      if (other === undefined) continue;
      const right = clamp(rates.agreeIfRight[i]![j]!);
      const wrong = clamp(rates.agreeIfWrong[i]![j]!);
      o *= other === key ? right / wrong : (1 - right) / (1 - wrong);
    }
    return o / (1 + o);
  });
}

/**
 * One decision. The value of stopping is the best posterior among the answers seen; calling model n is expected to
 * gain (1 − best) × gainIfWrong[best answer's model][n] (independent errors: q_n), at cost c_n. The rule calls the model with the largest gain − λ × cost when that is positive, else stops. λ = 0 calls every
 * model that can help; λ = ∞ calls the cheapest model only.
 */
export function nextCascadeStep(state: CascadeState, estimates: CascadeEstimates, lambda: number): CascadeStep {
  const { quality, cost } = estimates;
  const posteriors = answerPosteriors(state, estimates);
  let answer: number | undefined;
  let best = 0;
  posteriors.forEach((p, a) => {
    if (answer === undefined || p > best) {
      best = p;
      answer = state.ran[a];
    }
  });
  const ran = new Set(state.ran);
  for (const n of state.unavailable ?? []) ran.add(n);
  let next: number | undefined;
  let bestValue = 0;
  for (let n = 0; n < quality.length; n++) {
    if (ran.has(n)) continue;
    if (lambda === Number.POSITIVE_INFINITY) {
      // Only the first call: the cheapest model.
      if (state.ran.length === 0 && (next === undefined || cost[n]! < cost[next]!)) next = n;
      continue;
    }
    const gain =
      (1 - best) * (answer === undefined ? quality[n]! : (estimates.gainIfWrong?.[answer]?.[n] ?? quality[n]!));
    const value = gain - lambda * cost[n]!;
    if (
      value > bestValue + 1e-12 ||
      (next !== undefined && Math.abs(value - bestValue) <= 1e-12 && cost[n]! < cost[next]!)
    ) {
      if (value > 1e-12 || state.ran.length === 0) {
        bestValue = value;
        next = n;
      }
    }
  }
  // Nothing called yet: something must answer; take the best value even when no call "pays".
  if (state.ran.length === 0 && next === undefined) {
    let pick: number | undefined;
    for (let n = 0; n < quality.length; n++) {
      if (ran.has(n)) continue;
      if (pick === undefined || quality[n]! - lambda * cost[n]! > quality[pick]! - lambda * cost[pick]!) pick = n;
    }
    next = pick;
  }
  return next === undefined
    ? { ...(answer === undefined ? {} : { answer }), quality: best }
    : { next, ...(answer === undefined ? {} : { answer }), quality: best };
}

/**
 * Runs the rule to the end against answers given by `keyOf(model)` (recorded ones in the evaluator): the models
 * called in order, and the one whose answer is returned.
 */
export function runCascadeRouting(
  estimates: CascadeEstimates,
  lambda: number,
  keyOf: (model: number) => string | undefined,
  maxCalls = estimates.quality.length,
): { called: number[]; answer: number } {
  const ran: number[] = [];
  const keys: (string | undefined)[] = [];
  for (;;) {
    const step = nextCascadeStep({ ran, keys }, estimates, lambda);
    if (step.next === undefined || ran.length >= maxCalls) return { called: ran, answer: step.answer ?? ran.at(-1)! };
    ran.push(step.next);
    keys.push(keyOf(step.next));
  }
}

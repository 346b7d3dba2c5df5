// Where experiment statistics live in the store. Names are URI-encoded so an experiment, arm or shadow name with a
// `:` in it cannot reach another one's keys.

/** One atomic increment of a statistics counter. */
export interface Increment {
  key: string;
  by: number;
}

/** The key prefix of one arm's statistics. */
export function armKeyBase(experiment: string, arm: string): string {
  return `exp:${encodeURIComponent(experiment)}:arm:${encodeURIComponent(arm)}:`;
}

/** The key prefix of one shadow policy's statistics. */
export function shadowKeyBase(experiment: string, shadow: string): string {
  return `exp:${encodeURIComponent(experiment)}:shadow:${encodeURIComponent(shadow)}:`;
}

/** The key of a request remembered for feedback (which experiment arm, task and model it went to). */
export function rememberedRequestKey(requestId: string): string {
  return `feedback:req:${encodeURIComponent(requestId)}`;
}

/** The increments that add one value to the count, sum and sum-of-squares counters under `base`. */
export function momentIncrements(base: string, x: number): Increment[] {
  return [
    { key: `${base}.n`, by: 1 },
    { key: `${base}.sum`, by: x },
    { key: `${base}.sq`, by: x * x },
  ];
}

/** The count, sum and sum-of-squares keys under `base`, in the order `momentIncrements` writes them. */
export function momentKeys(base: string): [string, string, string] {
  return [`${base}.n`, `${base}.sum`, `${base}.sq`];
}

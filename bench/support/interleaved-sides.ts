/**
 * The measuring loop the per-call overhead benches share (`bench/overhead.ts`, `bench/openai-client-overhead.ts`,
 * `bench/ai-sdk-overhead.ts`): every side called once per round, in a fresh random order each round, so machine
 * noise hits every side alike and none always runs after another; then p50 / p99 rows and ratios against a baseline
 * timed in the same run.
 */

/** One competitor: a name and one call of it. */
export interface BenchSide {
  name: string;
  run: () => PromiseLike<unknown>;
}

/** Each side's per-call wall times in ms, sorted ascending, by side name. */
export type SideTimes = ReadonlyMap<string, readonly number[]>;

/** How many rounds to time, after how many untimed ones. */
export interface InterleaveOptions {
  calls: number;
  warmup: number;
}

/** Runs `warmup` untimed rounds, then `calls` timed rounds, each calling every side once in a random order. */
export async function runInterleaved(sides: readonly BenchSide[], options: InterleaveOptions): Promise<SideTimes> {
  for (let i = 0; i < options.warmup; i++) for (const side of sides) await side.run();
  const times = new Map<string, number[]>(sides.map((side) => [side.name, []]));
  for (let i = 0; i < options.calls; i++) {
    for (const side of shuffled(sides)) {
      const start = performance.now();
      await side.run();
      (times.get(side.name) as number[]).push(performance.now() - start);
    }
  }
  for (const list of times.values()) list.sort((a, b) => a - b);
  return times;
}

/** The value at percentile `p` of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Prints a title, then one p50 / p99 row per side. */
export function printSides(title: string, times: SideTimes): void {
  const width = Math.max(...[...times.keys()].map((name) => name.length)) + 2;
  console.log(title);
  for (const [name, sorted] of times) {
    console.log(
      `${name.padEnd(width)} p50 ${percentile(sorted, 50).toFixed(3)} ms   p99 ${percentile(sorted, 99).toFixed(3)} ms`,
    );
  }
}

/** What a ratio line compares and how it is labelled. */
export interface RatioLine {
  label: string;
  /** The side measured. */
  side: string;
  /** The baseline it is divided by (timed in the same run). */
  baseline: string;
  /** Print the p99 ratio too. Default true. */
  p99?: boolean;
  /** Text after the figures, e.g. the target. */
  note?: string;
}

/** Prints `label  p50 …x  p99 …x  note` for side / baseline; returns the p50 ratio. */
export function printRatio(times: SideTimes, line: RatioLine): number {
  const side = times.get(line.side);
  const base = times.get(line.baseline);
  if (!side || !base) throw new Error(`printRatio: no side named ${line.side} or ${line.baseline}`);
  const ratio = (p: number) => percentile(side, p) / percentile(base, p);
  const p50 = ratio(50);
  const p99 = line.p99 === false ? '' : `   p99 ${ratio(99).toFixed(3)}x`;
  console.log(`${line.label}   p50 ${p50.toFixed(3)}x${p99}${line.note ? `   ${line.note}` : ''}`);
  return p50;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

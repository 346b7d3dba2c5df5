// Input checks shared by `calibrate` and `calibrateLambda`: every problem is collected with its path, then raised as
// one `ConfigError`, so a caller fixes all of them at once.
import { ConfigError, type ValidationIssue } from '../errors.js';

/** At most this many issues are listed; a long array of bad values would otherwise bury the message. */
const MAX_LISTED = 20;

/** Collects validation issues and raises them as one `ConfigError`. */
export class CalibrationIssues {
  private readonly listed: ValidationIssue[] = [];
  private count = 0;

  /** Records one problem at `path`. */
  add(path: string, message: string): void {
    this.count++;
    if (this.listed.length < MAX_LISTED) this.listed.push({ path, message });
  }

  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.count > 0;
  }

  /** Throws `ConfigError` listing every recorded problem (the first 20, then a count). */
  throwIfAny(root: string): void {
    if (this.count === 0) return;
    const issues = [...this.listed];
    if (this.count > issues.length) issues.push({ path: root, message: `…and ${this.count - issues.length} more` });
    throw new ConfigError(issues);
  }
}

/** The targets a calibration can aim at. */
export const CALIBRATION_TARGETS = ['targetStrongShare', 'targetQuality', 'maxCostShare'] as const;

/** One of `CALIBRATION_TARGETS`. */
export type CalibrationTargetName = (typeof CALIBRATION_TARGETS)[number];

/**
 * Which target `input` names: exactly one of `allowed` must be set (to a valid value). Records an issue and returns
 * undefined otherwise. Shares must lie in [0, 1]; `targetQuality` may be any finite number (one above every
 * reachable quality simply comes back with `reached: false`).
 */
export function pickTarget(
  input: Readonly<Record<string, unknown>>,
  allowed: readonly CalibrationTargetName[],
  root: string,
  issues: CalibrationIssues,
): CalibrationTargetName | undefined {
  const given = CALIBRATION_TARGETS.filter((name) => input[name] !== undefined);
  for (const name of given) {
    if (!allowed.includes(name)) issues.add(`${root}.${name}`, `not a target here (pass ${orList(allowed)})`);
  }
  const usable = given.filter((name) => allowed.includes(name));
  if (usable.length === 0) {
    if (given.length === 0) issues.add(root, `pass one target: ${orList(allowed)}`);
    return undefined;
  }
  if (usable.length > 1) {
    issues.add(root, `pass exactly one target, got ${usable.join(' and ')}`);
    return undefined;
  }
  const name = usable[0]!;
  const value = input[name];
  if (name === 'targetQuality') {
    if (!isFiniteNumber(value)) issues.add(`${root}.${name}`, `must be a finite number (got ${String(value)})`);
  } else if (!isUnitNumber(value)) {
    issues.add(`${root}.${name}`, `must be a number in [0, 1] (got ${String(value)})`);
  }
  return name;
}

/** Whether `value` is a finite number. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Whether `value` is a number in [0, 1]. */
export function isUnitNumber(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}

/** Whether `value` is a finite number ≥ 0 (a cost). */
export function isCost(value: unknown): value is number {
  return isFiniteNumber(value) && value >= 0;
}

/** Checks the optional `concurrency` option: a whole number ≥ 1. */
export function checkConcurrency(value: unknown, root: string, issues: CalibrationIssues): void {
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 1)) {
    issues.add(`${root}.concurrency`, `must be a whole number ≥ 1 (got ${String(value)})`);
  }
}

function orList(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

import { hashString } from '../../core/hash-text.js';
import type { RequestMetadata } from '../request.js';

/** What identified the unit a request was assigned by: the user, else the tenant, else the request itself. */
export type AssignmentUnit = 'user' | 'tenant' | 'request';

/** Where an assignment came from and what it chose. */
export interface ArmAssignment {
  /** The experiment's name. */
  experiment: string;
  /** The chosen arm's name. */
  arm: string;
  /** The chosen arm's index in the experiment's `arms`. */
  armIndex: number;
  /** Which field identified the unit. */
  unit: AssignmentUnit;
  /** The unit's position in [0, 1) on the experiment's weight line (the hash, scaled). */
  position: number;
}

/** Seed of the assignment hash (any fixed number: changing it would reshuffle every running experiment). */
const ASSIGNMENT_SEED = 0xab;

/**
 * Assigns a request to an arm, stickily and deterministically: hashes `experimentName + ':' + unit` (FNV-1a with
 * murmur3's finalizer) to a point in [0, 1) and maps it onto the arms' cumulative weights. The unit is
 * `metadata.user`, else `metadata.tenant`, else the request id, so a user keeps the same arm across requests
 * and processes, and different experiments split the same users independently.
 */
export function assignArm(
  experiment: { name: string; arms: ReadonlyArray<{ name: string; weight: number }> },
  request: { metadata?: RequestMetadata; requestId?: string },
): ArmAssignment {
  const { metadata } = request;
  let unit: AssignmentUnit;
  let key: string;
  if (metadata?.user) {
    unit = 'user';
    key = metadata.user;
  } else if (metadata?.tenant) {
    unit = 'tenant';
    key = metadata.tenant;
  } else if (request.requestId) {
    unit = 'request';
    key = request.requestId;
  } else {
    throw new TypeError('assignArm needs metadata.user, metadata.tenant or a requestId to assign by');
  }
  const position = hashString(`${experiment.name}:${key}`, ASSIGNMENT_SEED) / 2 ** 32;
  let total = 0;
  for (const arm of experiment.arms) total += arm.weight;
  const target = position * total;
  let cumulative = 0;
  let armIndex = experiment.arms.length - 1;
  for (let i = 0; i < experiment.arms.length; i++) {
    cumulative += (experiment.arms[i] as { weight: number }).weight;
    if (target < cumulative) {
      armIndex = i;
      break;
    }
  }
  const arm = experiment.arms[armIndex] as { name: string };
  return { experiment: experiment.name, arm: arm.name, armIndex, unit, position };
}

import type { PolicyLike } from '../policies/policy.js';

/** One arm of an A/B experiment: a routing policy and its share of the traffic. */
export interface ExperimentArmConfig {
  /** The arm's name, unique within its experiment (shown on results and in reports). */
  name: string;
  /** Relative share of the assignment units (users, else tenants, else requests); any positive number. */
  weight: number;
  /** The policy that routes this arm's requests. */
  policy: PolicyLike;
}

/** A candidate policy evaluated on live traffic without being called: its decision and estimated cost are recorded. */
export interface ShadowPolicyConfig {
  /** The shadow's name, unique within its experiment. */
  name: string;
  /** The candidate policy; only its `decide()` runs (it must not call a provider). */
  policy: PolicyLike;
  /** Share of the experiment's requests evaluated, in (0, 1]; deterministic per request id. Default 1. */
  sample?: number;
}

/** An A/B experiment: requests are split over arms by a sticky hash, and each arm's policy routes them. */
export interface ExperimentConfig {
  /** The experiment's name, unique in the router (`router.experimentReport(name)`). */
  name: string;
  /** The arms, at least one; the first is the baseline every other arm is compared with. */
  arms: ExperimentArmConfig[];
  /** Candidate policies evaluated in the shadow of this experiment's traffic. */
  shadow?: ShadowPolicyConfig[];
  /** Only requests whose `metadata.feature` is one of these enter the experiment. Default: every routed request. */
  features?: string[];
}

export type { ExperimentArm } from '../../core/experiment-arm.js';

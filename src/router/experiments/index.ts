// The experiments' public surface (re-exported by src/index.ts).

export type { ArmAssignment, AssignmentUnit } from './assign-arm.js';
export { assignArm } from './assign-arm.js';
export type { ExperimentArm, ExperimentArmConfig, ExperimentConfig, ShadowPolicyConfig } from './experiment-config.js';
export { UnknownExperimentError, UnknownRequestError } from './experiment-errors.js';
export type { ArmComparison, ArmReport, ExperimentReport, ShadowReport } from './experiment-report.js';
export type { Feedback } from './experiments.js';
export { FEEDBACK_TTL_MS, type RememberedRequest } from '../feedback/remembered-requests.js';
export { FEEDBACK_WINDOW } from './recent-requests.js';
export type { SampleMoments } from './statistics/mean-interval.js';
export { proportionDifference, welchDifference } from './statistics/difference-intervals.js';
export type { Estimate } from './statistics/estimate.js';
export { meanInterval } from './statistics/mean-interval.js';
export { wilsonInterval } from './statistics/wilson-interval.js';

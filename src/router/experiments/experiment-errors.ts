import { RoutewiseError } from '../../errors.js';

/** `router.feedback` was given a request id the router does not remember as part of an experiment. */
export class UnknownRequestError extends RoutewiseError {
  /** The request id given. */
  readonly requestId: string;
  constructor(requestId: string, reason: string) {
    super(`Cannot record feedback for request "${requestId}": ${reason}`);
    this.requestId = requestId;
  }
}

/** `router.experimentReport` was asked for an experiment the router is not running. */
export class UnknownExperimentError extends RoutewiseError {
  /** The experiment name asked for. */
  readonly experiment: string;
  constructor(experiment: string, configured: readonly string[]) {
    super(
      `No experiment named "${experiment}" (configured: ${configured.length > 0 ? configured.join(', ') : 'none'})`,
    );
    this.experiment = experiment;
  }
}

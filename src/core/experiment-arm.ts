// Shared by attempt records, results and the OpenAI-shaped client, so it lives on the ground floor.

/** The experiment arm a request was assigned to; on every result (`res.experiment`) and attempt record. */
export interface ExperimentArm {
  /** The experiment's name. */
  experiment: string;
  /** The arm's name. */
  arm: string;
}

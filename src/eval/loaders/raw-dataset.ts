/** One model's outcome as a loader reads it, before costs are resolved. */
export interface RawOutcome {
  /** Quality in [0, 1]. */
  quality: number;
  /** Recorded cost in USD, when the data has it. */
  costUsd?: number;
  /** Recorded input tokens, when the data has them. */
  inputTokens?: number;
  /** Recorded output tokens, when the data has them. */
  outputTokens?: number;
  /** Recorded answer text. */
  response?: string;
}

/** One query as a loader reads it. */
export interface RawRow {
  /** The query text. */
  prompt: string;
  /** Task label, when the data has one. */
  task?: string;
  /** Outcome per model name. */
  outcomes: Record<string, RawOutcome>;
  /** Extra string columns (group columns such as `source`). */
  columns: Record<string, string>;
}

/** What a loader returns: rows whose costs may still need pricing. */
export interface RawDataset {
  /** Model names in the data's order. */
  models: string[];
  /** The rows. */
  rows: RawRow[];
  /** Notes for the report (files read, rows dropped). */
  notes: string[];
  /** Problems worth telling the user at once (empty prompts or task names); also in `notes`. */
  warnings?: string[];
}

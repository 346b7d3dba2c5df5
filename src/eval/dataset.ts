/** One model's recorded outcome on one query. */
export interface ModelOutcome {
  /** Quality of the answer in [0, 1] (1 = correct for pass/fail benchmarks). */
  quality: number;
  /** What the call cost in USD: recorded, or computed from token counts and catalog prices. */
  costUsd: number;
  /** The recorded answer text, when the format has one (used by cascade acceptance checks). */
  response?: string;
}

/** One recorded query with every candidate model's outcome. */
export interface EvalRow {
  /** The query text. */
  prompt: string;
  /** Task label (`eval_name`, `source`, or the jsonl `task`), when the data has one. */
  task?: string;
  /** Outcome per model name; every row has an outcome for every model of the dataset. */
  outcomes: Record<string, ModelOutcome>;
  /** Extra string columns (for `--group-column`), e.g. `source`. */
  columns: Record<string, string>;
}

/** Recorded outcomes of several models on the same queries, ready to replay. */
export interface EvalDataset {
  /** Model names, in the order the data lists them. */
  models: string[];
  /** The queries. */
  rows: EvalRow[];
  /** Whether the rows carry recorded responses (cascade policies need them). */
  hasResponses: boolean;
  /** Human-readable notes from loading (rows dropped, how costs were derived). */
  notes: string[];
  /** Loading problems worth telling the user at once (empty prompts or task names); also in `notes`. */
  warnings?: string[];
}

/** Token counts of one call, used to price a row when the data records no cost. */
export interface TokenCounts {
  /** Input tokens. */
  inputTokens: number;
  /** Output tokens. */
  outputTokens: number;
}

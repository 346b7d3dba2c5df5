// The semantic cache's shipped defaults, calibrated with `calibrateSemanticCache` for the bundled Universal Sentence
// Encoder (see docs/caching.md for the data and the measured rates).

/** Default cosine similarity a semantic match must reach. */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.95;

// The semantic cache's shipped defaults, calibrated with `calibrateSemanticCache` for the bundled Universal Sentence
// Encoder on Quora question pairs 5,500–10,000 of the dev set (the first 5,500 are held out to measure them; see
// docs/caching.md for the data, the curve and the measured rates).
import type { LexicalCheckSettings } from './response-cache-config.js';

/** Default cosine similarity a semantic match must reach. */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.95;

/** Default lexical check of a semantic match: every rule, and how many rare words may differ. */
export const DEFAULT_LEXICAL_CHECK: Readonly<LexicalCheckSettings> = Object.freeze({ maxRareWordDifferences: 0 });

// The semantic cache's shipped defaults for the bundled Universal Sentence Encoder, picked by
// `calibrateSemanticCache({ pairs, maxFalseHitRate: 0.008 })` on Quora question pairs 5,500–10,000 of the dev set
// (a bound below the 1% target, for the sampling error of ~2,800 non-duplicates); the first 5,500 pairs are held out
// to measure them. docs/caching.md has the curve and the measured rates.
import type { LexicalCheckSettings } from './response-cache-config.js';

/** Default cosine similarity a semantic match must reach. */
export const DEFAULT_SEMANTIC_THRESHOLD = 0.94;

/** Default lexical check of a semantic match: every rule, no rare word in one question only. */
export const DEFAULT_LEXICAL_CHECK: Readonly<LexicalCheckSettings> = Object.freeze({});

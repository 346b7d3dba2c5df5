// The response caches' public surface.
export type { CacheInfo } from './cached-answer.js';
export { notCacheableReason } from './cacheable.js';
export { lexicalMismatch } from './lexical-check.js';
export type {
  ExactCacheConfig,
  LexicalCheckSettings,
  RequestResponseCache,
  ResponseCacheConfig,
  SemanticCacheConfig,
  SemanticVerify,
} from './response-cache-config.js';
export { DEFAULT_LEXICAL_CHECK, DEFAULT_SEMANTIC_THRESHOLD } from './semantic-defaults.js';
export type { SemanticJudgeConfig } from './semantic-judge.js';
export { parseSameAnswerVerdict, SAME_ANSWER_JUDGE_PROMPT } from './semantic-judge.js';

export type {
  CalibrateOptions,
  CalibrationPoint,
  CalibrationResult,
  LabelledPair,
} from './calibrate-semantic-cache.js';
export { calibrateSemanticCache } from './calibrate-semantic-cache.js';

// The acceptance checks' public surface (re-exported by src/index.ts).

export type {
  AcceptanceAnswer,
  AcceptanceCheck,
  AcceptanceContext,
  CheckAnswer,
  CompleteThrough,
  Verdict,
} from './acceptance-check.js';
export { defineCheck } from './acceptance-check.js';
export type { AgreeExtract, AgreeOptions } from './agree.js';
export { agree, agreementKey, agreementRequest } from './agree.js';
export type { AnswerKind } from './answer-key.js';
export { answerKey, detectAnswerKind, unwrapRecorded } from './answer-key.js';
export { custom } from './custom.js';
export type { JudgeOptions } from './judge.js';
export { JUDGE_SYSTEM_PROMPT, judge, parseJudgeScore } from './judge.js';
export type { LogprobConfidenceOptions } from './logprob-confidence.js';
export { logprobConfidence, meanTokenProbability } from './logprob-confidence.js';
export type { NonEmptyOptions } from './non-empty.js';
export { nonEmpty } from './non-empty.js';
export type { NotRefusalOptions } from './not-refusal.js';
export { notRefusal, REFUSAL_PATTERNS } from './not-refusal.js';
export type { SelfReportedConfidenceOptions } from './self-reported-confidence.js';
export {
  CONFIDENCE_INSTRUCTION,
  parseConfidenceLine,
  selfReportedConfidence,
  stripConfidenceLine,
} from './self-reported-confidence.js';
export type { ValidOutputOptions } from './valid-output.js';
export { validOutput } from './valid-output.js';

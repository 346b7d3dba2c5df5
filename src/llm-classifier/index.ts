// The LLM classifier's public surface (re-exported by src/index.ts): a model rates each query's difficulty.

export { ClassifierOutputError } from './classifier-output-error.js';
export { DEFAULT_DIFFICULTY_INSTRUCTION, difficultyMessages } from './difficulty-prompt.js';
export type { LlmClassifierOptions, LlmClassifierResult, LlmDifficultyClassifier } from './llm-classifier.js';
export { llmClassifier } from './llm-classifier.js';
export { parseDifficultyRating } from './parse-difficulty-rating.js';

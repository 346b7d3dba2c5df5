// The embedders' public surface (re-exported by src/index.ts).

export type { Embedder, EmbeddingResult } from './embedder.js';
export type { GoogleEmbedderOptions } from './google-embedder.js';
export { googleEmbedder } from './google-embedder.js';
export type { OpenAIEmbedderOptions } from './openai-embedder.js';
export { openaiEmbedder } from './openai-embedder.js';
export { OptionalDependencyError } from './optional-dependency-error.js';
export type { UniversalSentenceEncoderOptions } from './universal-sentence-encoder.js';
export {
  USE_PACKAGES,
  universalSentenceEncoder,
  universalSentenceEncoderAvailable,
} from './universal-sentence-encoder.js';

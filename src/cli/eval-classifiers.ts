// The classifiers `routewise eval` replays: --classifiers, --embedder, --knn-k, --embedding-cache, --classifier-module.
import type { Embedder } from '../embedders/embedder.js';
import { OptionalDependencyError } from '../embedders/optional-dependency-error.js';
import {
  USE_PACKAGES,
  universalSentenceEncoder,
  universalSentenceEncoderAvailable,
} from '../embedders/universal-sentence-encoder.js';
import { cachedEmbedder } from '../eval/embeddings/cached-embedder.js';
import {
  type EmbeddingCache,
  embeddingKey,
  loadEmbeddingCache,
  memoryEmbeddingCache,
  saveEmbeddingCache,
} from '../eval/embeddings/embedding-cache.js';
import { heuristicFactory, learnedFactory, learnedOptionsFactory } from '../eval/policies/classifier-factories.js';
import { embeddingKnnFactory } from '../eval/policies/embedding-knn-factory.js';
import { loadClassifierModule } from '../eval/policies/module-classifier-factory.js';
import type { ClassifierFactory } from '../eval/policies/policy.js';
import { UsageError } from './usage-error.js';

/** Classifier names `--classifiers` accepts. */
export const CLASSIFIER_NAMES = ['heuristic', 'learned', 'learned-options', 'embedding-knn'] as const;

/** The default `--classifiers` (fast: no embedding). */
export const DEFAULT_CLASSIFIERS = 'heuristic,learned';

/** An embedder `--embedder` can name, with a check that it can run here. */
export interface EmbedderChoice {
  /** Makes the embedder. */
  create(): Embedder;
  /** Throws (e.g. `OptionalDependencyError`) when it cannot run here; called before any data is read. */
  check?(): Promise<void>;
}

/** Embedders `--embedder` accepts: `use`, the offline Universal Sentence Encoder lite (optional packages). */
export const EMBEDDERS: Record<string, EmbedderChoice> = {
  use: {
    create: () => universalSentenceEncoder(),
    async check() {
      if (!(await universalSentenceEncoderAvailable())) {
        throw new OptionalDependencyError('--embedder use', [...USE_PACKAGES]);
      }
    },
  },
};

/** The classifier flags of `routewise eval`, as parsed. */
export interface ClassifierFlags {
  classifiers?: string;
  embedder?: string;
  knnK?: number;
  embeddingCache?: string;
  modules?: string[];
}

/** The classifiers of a run, ready to be made per dataset. */
export interface EvalClassifiers {
  /** Fresh factories for one dataset, in order; `onEmbedded(n)` reports texts embedded so far for it. */
  factories(onEmbedded?: (embedded: number) => void): ClassifierFactory[];
  /** Name of the embedder, when `embedding-knn` is on. */
  embedderName?: string;
  /** How many of these texts are not embedded yet (0 without `embedding-knn`). */
  toEmbed(texts: Iterable<string>): number;
  /** Writes the embedding cache file when one was given and vectors were added. */
  save(): void;
}

/**
 * Parses the classifier flags (a bad one is a `UsageError`), checks the embedder can run, loads the embedding cache
 * and the classifier modules. `embedders` replaces the `--embedder` choices (tests pass a fake one).
 */
export async function evalClassifiers(
  flags: ClassifierFlags,
  embedders: Record<string, EmbedderChoice> = EMBEDDERS,
): Promise<EvalClassifiers> {
  const names = parseClassifierNames(flags.classifiers ?? DEFAULT_CLASSIFIERS, (flags.modules ?? []).length > 0);
  const knn = names.includes('embedding-knn');
  if (!knn) {
    const stray = (['embedder', 'knnK', 'embeddingCache'] as const).find((key) => flags[key] !== undefined);
    if (stray) {
      const flag = { embedder: '--embedder', knnK: '--knn-k', embeddingCache: '--embedding-cache' }[stray];
      throw new UsageError(`${flag} needs embedding-knn in --classifiers`);
    }
  }
  if (flags.knnK !== undefined && flags.knnK < 1) throw new UsageError('--knn-k must be at least 1');
  let embedder: Embedder | undefined;
  let cache: EmbeddingCache = memoryEmbeddingCache();
  if (knn) {
    const choiceName = flags.embedder ?? 'use';
    const choice = embedders[choiceName];
    if (!choice) {
      throw new UsageError(`--embedder: "${choiceName}" is not one of ${Object.keys(embedders).join(', ')}`);
    }
    await choice.check?.();
    embedder = choice.create();
    if (flags.embeddingCache !== undefined) cache = loadEmbeddingCache(flags.embeddingCache);
  }
  const modules: ClassifierFactory[] = [];
  for (const path of flags.modules ?? []) modules.push(await loadClassifierModule(path));

  return {
    ...(embedder ? { embedderName: embedder.name } : {}),
    factories(onEmbedded) {
      const factories = names.map((name): ClassifierFactory => {
        if (name === 'heuristic') return heuristicFactory();
        if (name === 'learned') return learnedFactory();
        if (name === 'learned-options') return learnedOptionsFactory();
        const cached = cachedEmbedder(embedder!, { cache, ...(onEmbedded ? { onEmbedded } : {}) });
        return embeddingKnnFactory({ embedder: cached, ...(flags.knnK !== undefined ? { k: flags.knnK } : {}) });
      });
      return [...factories, ...withUniqueNames(modules, new Set(names))];
    },
    toEmbed(texts) {
      if (!embedder) return 0;
      let missing = 0;
      for (const text of new Set(texts))
        if (!cache.get(embeddingKey(embedder.name, embedder.dimensions, text))) missing++;
      return missing;
    },
    save() {
      if (flags.embeddingCache !== undefined && cache.added > 0) saveEmbeddingCache(flags.embeddingCache, cache);
    },
  };
}

function parseClassifierNames(list: string, hasModules: boolean): string[] {
  const names = [
    ...new Set(
      list
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.find((name) => !(CLASSIFIER_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new UsageError(`--classifiers: "${unknown}" is not one of ${CLASSIFIER_NAMES.join(', ')}`);
  }
  if (names.length === 0 && !hasModules) {
    throw new UsageError(`--classifiers: name at least one of ${CLASSIFIER_NAMES.join(', ')}`);
  }
  return names;
}

/** Module classifiers keep their names unless one is taken; then `name (2)`, `name (3)`, … */
function withUniqueNames(factories: ClassifierFactory[], taken: Set<string>): ClassifierFactory[] {
  const used = new Set(taken);
  return factories.map((factory) => {
    let name = factory.name;
    for (let n = 2; used.has(name); n++) name = `${factory.name} (${n})`;
    used.add(name);
    return name === factory.name ? factory : { ...factory, name, create: factory.create.bind(factory) };
  });
}

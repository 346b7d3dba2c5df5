// `--classifier-module PATH`: a user's own classifier (or a function that trains one) evaluated like the shipped ones.
import { existsSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { DifficultyClassifier } from '../../classifiers/types.js';
import { EvalInputError } from '../eval-input-error.js';
import { importUserModule } from './import-user-module.js';
import type { ClassifierFactory, TrainingExample } from './policy.js';

/** What a classifier module may export (as `default`, else as `classifier`): a classifier, or a function training one. */
export type ClassifierModuleExport =
  | DifficultyClassifier
  | ((train: TrainingExample[], seed: number) => DifficultyClassifier | Promise<DifficultyClassifier>);

function isClassifier(value: unknown): value is DifficultyClassifier {
  return typeof (value as { classify?: unknown } | null)?.classify === 'function';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  return `a ${typeof value}`;
}

/**
 * A classifier factory from an exported value: a classifier is used as it is on every split (it learns nothing from
 * the training rows, so if it was trained on the same data its figures are optimistic); a function is called per
 * split with the training rows (`TrainingExample[]`) and the seed, and may return a promise. `source` names the
 * module in errors; `name` is the policy name (default: the classifier's own name, for a function the file's name).
 */
export function moduleClassifierFactory(
  exported: unknown,
  source: string,
  options: { name?: string; concurrency?: number } = {},
): ClassifierFactory {
  const concurrency = options.concurrency !== undefined ? { concurrency: options.concurrency } : {};
  if (isClassifier(exported)) {
    const name = options.name ?? (typeof exported.name === 'string' && exported.name ? exported.name : source);
    return { name, ...concurrency, create: () => exported };
  }
  if (typeof exported === 'function') {
    const train = exported as (train: TrainingExample[], seed: number) => unknown;
    return {
      name: options.name ?? basename(source, extname(source)),
      ...concurrency,
      async create(examples, seed) {
        const classifier = await train([...examples], seed);
        if (!isClassifier(classifier)) {
          throw new EvalInputError(
            `${source}: the exported function returned ${describe(classifier)}, not a classifier ({ name, classify })`,
          );
        }
        return classifier;
      },
    };
  }
  throw new EvalInputError(
    `${source}: the default export (or "classifier") must be a classifier ({ name, classify }) or a function ` +
      `(train: TrainingExample[]) => classifier; got ${describe(exported)}`,
  );
}

/**
 * Imports a JavaScript or TypeScript module (TypeScript through tsx when the running Node cannot load it, see
 * `importUserModule`) and
 * makes a classifier factory of its default export, else its `classifier` export. An optional `concurrency` export
 * (a whole number ≥ 1) lets that many test queries be classified at once, e.g. for a classifier that calls an API.
 */
export async function loadClassifierModule(path: string): Promise<ClassifierFactory> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new EvalInputError(`--classifier-module ${path}: no such file`);
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(absolute, `--classifier-module ${path}`);
  } catch (error) {
    if (error instanceof EvalInputError) throw error;
    const message = String((error as Error)?.message ?? error).split('\n')[0];
    throw new EvalInputError(`--classifier-module ${path}: cannot load (${message})`);
  }
  let exported = module.default ?? module.classifier;
  // A CommonJS module compiled from TypeScript arrives as { default: { default: … } } (or `classifier` inside).
  if (!isClassifier(exported) && typeof exported === 'object' && exported !== null) {
    const inner = exported as Record<string, unknown>;
    exported = inner.default ?? inner.classifier ?? exported;
  }
  const concurrency = module.concurrency;
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && (concurrency as number) >= 1)) {
    throw new EvalInputError(
      `--classifier-module ${path}: "concurrency" must be a whole number ≥ 1 (got ${String(concurrency)})`,
    );
  }
  return moduleClassifierFactory(
    exported,
    path,
    concurrency === undefined ? {} : { concurrency: concurrency as number },
  );
}

import { overlapWarning, trainTestOverlap } from '../eval/train-test-overlap.js';
import { serializeLearnedModel } from '../classifiers/serialize-learned-model.js';
import { EvalInputError } from '../eval/eval-input-error.js';
import { EVAL_FORMATS, type EvalFormat, type LoadDatasetOptions, loadDataset } from '../eval/loaders/load-dataset.js';
import { MISSING_SCORE_POLICIES, type MissingScorePolicy } from '../eval/loaders/missing-scores.js';
import { catalogTokenPrice } from '../eval/pricing/catalog-token-price.js';
import { parsePriceMap } from '../eval/pricing/price-map.js';
import {
  type HeldOutFigures,
  type TrainOnDatasetOptions,
  trainLearnedOnDataset,
} from '../eval/train-learned-on-dataset.js';
import type { CommandIo } from './eval-command.js';
import { integerFlag, parseFlags, writeOutput } from './cli-io.js';
import { UsageError } from './usage-error.js';

/** Help text of `routewise train`. */
export const TRAIN_USAGE = `Usage: routewise train --data PATH --out FILE [options]

Retrains the learned classifier on your own recorded outcomes, prints held-out AUC / APGR / CPT, and writes the
weights as JSON. Load them with learned({ model: loadLearnedModel(readFileSync(FILE, 'utf8')) }).

  --data PATH          labelled outcomes: a file, or a directory of RouteLLM CSVs (formats as routewise eval)
  --out FILE           where to write the weights (JSON)
  --format F           routellm | routerbench | jsonl (default: from the path)
  --weak M             the weak model (default: the cheapest; needs prices with more than two models)
  --strong M           the strong model (default: the best mean quality)
  --test FILE          held-out figures on FILE instead of folds (same format)
  --folds K            K-fold held-out figures (default 5; 0 skips them)
  --group-column C     keep rows sharing column C (e.g. source) in one fold
  --labels L           tiers (default: heads weak and strong, as the shipped model) | soft (one head)
  --epochs N           passes over the data (default 6)
  --learning-rate X    Adagrad rate (default 0.01)
  --bits B             8 | 16 bits per stored weight (default 16)
  --price-map SPEC     model prices, as routewise eval (only used to find the cheapest model)
  --missing M          a row missing a model's score: drop (default; the notes say how many) | error
  --seed N             seed of folds and training (default 1)
  -h, --help           show this help`;

/** Runs `routewise train`; returns the exit code. Bad input throws `UsageError` / `EvalInputError`. */
export async function trainCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv);
  if (values.help) {
    io.stdout.write(`${TRAIN_USAGE}\n`);
    return 0;
  }
  if (values.data === undefined) throw new UsageError('--data is required (labelled outcomes to train on)');
  if (values.out === undefined) throw new UsageError('--out is required (where to write the weights)');
  if (values.format !== undefined && !EVAL_FORMATS.includes(values.format as EvalFormat)) {
    throw new UsageError(`--format: "${values.format}" is not one of ${EVAL_FORMATS.join(', ')}`);
  }
  if (values.test !== undefined && values.folds !== undefined)
    throw new UsageError('--test and --folds exclude each other');
  if (values.test !== undefined && values['group-column'] !== undefined) {
    throw new UsageError('--group-column needs folds, not --test');
  }
  if (values.labels !== undefined && values.labels !== 'tiers' && values.labels !== 'soft') {
    throw new UsageError(`--labels: "${values.labels}" is not one of tiers, soft`);
  }
  const folds = integerFlag(values.folds, '--folds');
  if (folds === 1) throw new UsageError('--folds must be 0 (no held-out figures) or at least 2');
  const seed = integerFlag(values.seed, '--seed') ?? 1;
  const epochs = integerFlag(values.epochs, '--epochs');
  if (epochs === 0) throw new UsageError('--epochs must be at least 1');
  const bits = integerFlag(values.bits, '--bits');
  if (bits !== undefined && bits !== 8 && bits !== 16) throw new UsageError(`--bits: "${values.bits}" is not 8 or 16`);
  const rate = values['learning-rate'];
  if (rate !== undefined && !(Number(rate) > 0))
    throw new UsageError(`--learning-rate: "${rate}" is not a positive number`);

  // Costs only decide which model is the cheapest: an unpriced model costs 0 here, and is reported if that matters.
  const unpriced = new Set<string>();
  const loadOptions: LoadDatasetOptions = {
    catalog: (provider, model, tokens) => {
      const usd = catalogTokenPrice(provider, model, tokens);
      if (usd === undefined) unpriced.add(model);
      return usd ?? 0;
    },
  };
  if (values.format) loadOptions.format = values.format as EvalFormat;
  if (values['price-map']) loadOptions.priceMap = parsePriceMap(values['price-map']);
  if (values.missing !== undefined) {
    if (!MISSING_SCORE_POLICIES.includes(values.missing as MissingScorePolicy)) {
      throw new UsageError(`--missing: "${values.missing}" is not one of ${MISSING_SCORE_POLICIES.join(', ')}`);
    }
    loadOptions.missing = values.missing as MissingScorePolicy;
  }
  const data = loadDataset(values.data, loadOptions);
  const needsCosts = values.weak === undefined && data.models.length > 2;
  if (needsCosts && [...unpriced].some((m) => data.models.includes(m))) {
    throw new EvalInputError(
      `cannot tell which of ${data.models.length} models is the cheapest: no price for ${[...unpriced].join(', ')}; ` +
        'pass --weak and --strong, or --price-map',
    );
  }

  const options: TrainOnDatasetOptions = {
    seed,
    meta: { trainedOn: values.data, rows: data.rows.length },
    training: {
      ...(epochs !== undefined ? { epochs } : {}),
      ...(rate !== undefined ? { learningRate: Number(rate) } : {}),
      ...(bits !== undefined ? { quantizationBits: bits as 8 | 16 } : {}),
    },
  };
  if (values.weak !== undefined) options.weak = values.weak;
  if (values.strong !== undefined) options.strong = values.strong;
  if (values.labels !== undefined) options.labels = values.labels as 'tiers' | 'soft';
  if (values.test !== undefined) options.test = loadDataset(values.test, loadOptions);
  const overlap = options.test ? overlapWarning(trainTestOverlap(data.rows, options.test.rows)) : undefined;
  for (const warning of [...(data.warnings ?? []), ...(options.test?.warnings ?? []), ...(overlap ? [overlap] : [])]) {
    io.stderr.write(`warning: ${warning}\n`);
  }
  if (folds !== undefined) options.folds = folds;
  if (values['group-column'] !== undefined) options.groupColumn = values['group-column'];

  const started = performance.now();
  const result = trainLearnedOnDataset(data, options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.stdout.write(
    `data: ${data.rows.length} rows, models ${data.models.join(', ')}\n` +
      `weak ${result.weakModel}, strong ${result.strongModel}; labels ${options.labels ?? 'tiers'}\n`,
  );
  if (result.heldOut) {
    io.stdout.write(`held out (${result.heldOutBy}):\n`);
    io.stdout.write(`${line('learned (retrained)', result.heldOut.learned)}\n`);
    io.stdout.write(`${line('heuristic (no training)', result.heldOut.heuristic)}\n`);
  }
  const json = `${JSON.stringify(serializeLearnedModel(result.model))}\n`;
  writeOutput(values.out, json);
  io.stdout.write(
    `trained on ${data.rows.length} rows in ${seconds} s; wrote ${values.out} (${(json.length / 1024).toFixed(0)} KiB)\n` +
      `load it: learned({ model: loadLearnedModel(readFileSync('${values.out}', 'utf8')) })\n`,
  );
  return 0;
}

function format(x: number): string {
  return Number.isNaN(x) ? '  n/a' : x.toFixed(3);
}

function line(name: string, f: HeldOutFigures): string {
  return (
    `  ${name.padEnd(24)} AUC ${format(f.auc)}  APGR ${format(f.apgr)}  ` +
    `CPT(50%) ${format(f.cpt50)}  CPT(80%) ${format(f.cpt80)}`
  );
}

function parseOptions(argv: string[]) {
  return parseFlags(argv, {
    data: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    weak: { type: 'string' },
    strong: { type: 'string' },
    test: { type: 'string' },
    folds: { type: 'string' },
    'group-column': { type: 'string' },
    labels: { type: 'string' },
    epochs: { type: 'string' },
    'learning-rate': { type: 'string' },
    bits: { type: 'string' },
    'price-map': { type: 'string' },
    missing: { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
}

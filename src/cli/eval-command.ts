import { join } from 'node:path';
import { type CheckChoice, defaultPolicies } from '../eval/default-policies.js';
import { EVAL_FORMATS, type EvalFormat, type LoadDatasetOptions, loadDataset } from '../eval/loaders/load-dataset.js';
import { MISSING_SCORE_POLICIES, type MissingScorePolicy } from '../eval/loaders/missing-scores.js';
import type { EvalPolicy } from '../eval/policies/policy.js';
import { parsePriceMap } from '../eval/pricing/price-map.js';
import { loadRouterModule } from '../eval/recorded/load-router-module.js';
import { formatTable } from '../eval/report/format-table.js';
import { renderHtml } from '../eval/report/render-html.js';
import { toJsonReport } from '../eval/report/to-json-report.js';
import { type RunEvalOptions, runEval } from '../eval/run-eval.js';
import { overlapWarning, trainTestOverlap } from '../eval/train-test-overlap.js';
import { integerFlag, parseFlags, writeOutput } from './cli-io.js';
import {
  CLASSIFIER_NAMES,
  DEFAULT_CLASSIFIERS,
  type EmbedderChoice,
  EMBEDDERS,
  evalClassifiers,
} from './eval-classifiers.js';
import { anthropic } from '../providers/anthropic/anthropic-provider.js';
import { google } from '../providers/google/google-provider.js';
import { openai } from '../providers/openai/openai-provider.js';
import type { ProviderAdapter } from '../providers/spec/provider.js';
import { findBundledData } from './find-bundled-data.js';
import { type Progress, progressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

/** Providers `--live` may name, built on first use (each reads its SDK's key from the environment). */
export const LIVE_PROVIDERS: Record<string, () => ProviderAdapter> = {
  openai: () => openai(),
  anthropic: () => anthropic(),
  google: () => google(),
};
const LIVE_PROVIDER_NAMES = Object.keys(LIVE_PROVIDERS).join(' | ');

/** Help text of `routewise eval`. */
export const EVAL_USAGE = `Usage: routewise eval [--data PATH] [options]

Replays routing policies over recorded model outcomes and reports quality, cost, APGR, CPT, AIQ.

  --data PATH          recorded outcomes: a file, or a directory of RouteLLM CSVs (default: the bundled
                       RouteLLM GSM8K and MMLU data, MMLU with 5 folds grouped by subject)
  --format F           routellm | routerbench | jsonl (default: from the path)
  --test FILE          train on --data, score on FILE (same format)
  --folds K            K-fold cross-validation (default 5 when --test is absent)
  --group-column C     keep rows sharing column C (e.g. source) in one fold
  --price-map SPEC     model prices for data without costs: JSON file or "name=provider:model,name2=IN/OUT"
  --missing M          a row missing a model's score: drop (default; the notes say how many) | error
  --check C            cascade acceptance check: auto | gsm8k | basic | none (default auto)
  --classifiers LIST   comma-separated, from ${CLASSIFIER_NAMES.join(', ')} (default ${DEFAULT_CLASSIFIERS})
  --embedder E         embedder of embedding-knn: use (Universal Sentence Encoder lite, offline; default)
  --knn-k N            neighbours voting in embedding-knn (default 10)
  --embedding-cache F  keep embeddings in file F (JSON) so later runs skip the embedder
  --classifier-module PATH
                       also evaluate a JS/TS module's classifier: its default export (or "classifier") is a
                       classifier, or a function (trainingRows) => classifier called per fold; repeatable.
                       A .ts module needs Node >= 22.18 or tsx installed in your project
  --router PATH        also evaluate your deployed router: a module whose default export is a function
                       (provider) => router (given a provider answering from the recorded outcomes), or a
                       router built on recordedProvider; run over every scored row; repeatable
  --router-only        evaluate only the --router modules (and the baselines), not routewise's own policies
  --live P             calls of a --router that the data has no record of (a judge's) go live to provider P:
                       ${LIVE_PROVIDER_NAMES} (its SDK's key from the environment, e.g. OPENAI_API_KEY)
  --json FILE          write the report as JSON
  --html FILE          write a self-contained HTML report with cost–quality curves
  --seed N             seed of folds, tie-breaking and training (default 1)
  -h, --help           show this help`;

/** Streams the command writes to (tests pass their own). */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
}

interface Job {
  label: string;
  data: string;
  folds?: number;
  groupColumn?: string;
}

/** What `evalCommand` can be given besides its flags (tests pass a fake embedder). */
export interface EvalCommandDeps {
  /** Embedders `--embedder` may name (default: `use`). */
  embedders?: Record<string, EmbedderChoice>;
  /** Providers `--live` may name (default: `LIVE_PROVIDERS`). */
  liveProviders?: Record<string, () => ProviderAdapter>;
}

/** Runs `routewise eval`; returns the exit code. Bad input throws `UsageError` / `EvalInputError`. */
export async function evalCommand(argv: string[], io: CommandIo, deps: EvalCommandDeps = {}): Promise<number> {
  const { values } = parseOptions(argv);
  if (values.help) {
    io.stdout.write(`${EVAL_USAGE}\n`);
    return 0;
  }
  if (values.test !== undefined && values.folds !== undefined)
    throw new UsageError('--test and --folds exclude each other');
  if (values.test !== undefined && values['group-column'] !== undefined) {
    throw new UsageError('--group-column needs folds, not --test');
  }
  if (values.format !== undefined && !EVAL_FORMATS.includes(values.format as EvalFormat)) {
    throw new UsageError(`--format: "${values.format}" is not one of ${EVAL_FORMATS.join(', ')}`);
  }
  const checks = ['auto', 'gsm8k', 'basic', 'none'];
  if (values.check !== undefined && !checks.includes(values.check)) {
    throw new UsageError(`--check: "${values.check}" is not one of ${checks.join(', ')}`);
  }
  const folds = integerFlag(values.folds, '--folds');
  const seed = integerFlag(values.seed, '--seed') ?? 1;
  const knnK = integerFlag(values['knn-k'], '--knn-k');
  const classifiers = await evalClassifiers(
    {
      ...(values.classifiers !== undefined ? { classifiers: values.classifiers } : {}),
      ...(values.embedder !== undefined ? { embedder: values.embedder } : {}),
      ...(knnK !== undefined ? { knnK } : {}),
      ...(values['embedding-cache'] !== undefined ? { embeddingCache: values['embedding-cache'] } : {}),
      ...(values['classifier-module'] !== undefined ? { modules: values['classifier-module'] } : {}),
    },
    deps.embedders ?? EMBEDDERS,
  );
  if (values['router-only'] && !values.router?.length) throw new UsageError('--router-only needs --router');
  if (values.live !== undefined && !values.router?.length) throw new UsageError('--live needs --router');
  const liveProviders = deps.liveProviders ?? LIVE_PROVIDERS;
  if (values.live !== undefined && !liveProviders[values.live]) {
    throw new UsageError(`--live: "${values.live}" is not one of ${Object.keys(liveProviders).join(', ')}`);
  }
  const live = values.live !== undefined ? { live: liveProviders[values.live]!() } : {};
  const routers: EvalPolicy[] = [];
  for (const path of values.router ?? []) routers.push(await loadRouterModule(path, live));
  const loadOptions: LoadDatasetOptions = {};
  if (values.format) loadOptions.format = values.format as EvalFormat;
  if (values['price-map']) loadOptions.priceMap = parsePriceMap(values['price-map']);
  if (values.missing !== undefined) {
    if (!MISSING_SCORE_POLICIES.includes(values.missing as MissingScorePolicy)) {
      throw new UsageError(`--missing: "${values.missing}" is not one of ${MISSING_SCORE_POLICIES.join(', ')}`);
    }
    loadOptions.missing = values.missing as MissingScorePolicy;
  }

  let jobs: Job[];
  if (values.data !== undefined) {
    const job: Job = { label: values.data, data: values.data };
    if (folds !== undefined) job.folds = folds;
    if (values['group-column']) job.groupColumn = values['group-column'];
    jobs = [job];
  } else {
    if (values.test !== undefined) throw new UsageError('--test needs --data');
    const bundled = findBundledData();
    if (!bundled) throw new UsageError('no --data given and the bundled data/routellm folder was not found');
    jobs = [
      { label: 'RouteLLM GSM8K', data: join(bundled, 'gsm8k'), folds: folds ?? 5 },
      { label: 'RouteLLM MMLU', data: join(bundled, 'mmlu'), folds: folds ?? 5, groupColumn: 'source' },
    ];
  }

  const progress: Progress = progressBar(io.stderr as NodeJS.WriteStream);
  const sections = [];
  try {
    for (const job of jobs) {
      const data = loadDataset(job.data, loadOptions);
      const test = values.test !== undefined ? loadDataset(values.test, loadOptions) : undefined;
      const overlap = test ? overlapWarning(trainTestOverlap(data.rows, test.rows)) : undefined;
      for (const warning of [...(data.warnings ?? []), ...(test?.warnings ?? []), ...(overlap ? [overlap] : [])]) {
        io.stderr.write(`warning: ${warning}\n`);
      }
      const toEmbed = classifiers.toEmbed([...data.rows, ...(test?.rows ?? [])].map((row) => row.prompt));
      const embedding = `${job.label}: embedding ${toEmbed} prompts (${classifiers.embedderName})`;
      const factories = classifiers.factories((embedded) => progress.update(embedded, toEmbed, embedding));
      const options: RunEvalOptions = {
        data,
        seed,
        policies: [
          ...routers,
          ...(values['router-only']
            ? []
            : defaultPolicies(data, { check: (values.check ?? 'auto') as CheckChoice, classifiers: factories })),
        ],
        onProgress: (done, total, label) => progress.update(done, total, `${job.label}: ${label}`),
      };
      if (test) options.test = test;
      if (job.folds !== undefined) options.folds = job.folds;
      if (job.groupColumn !== undefined) options.groupColumn = job.groupColumn;
      const started = Date.now();
      const report = await runEval(options);
      progress.done();
      classifiers.save();
      io.stdout.write(`${formatTable(job.label, report)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n\n`);
      sections.push({ dataset: job.label, report });
    }
  } catch (error) {
    // Keep what was embedded before the failure; the failure itself is what the user needs to see.
    try {
      classifiers.save();
    } catch {}
    throw error;
  } finally {
    progress.done();
  }
  if (values.json) {
    const documents = sections.map((s) => toJsonReport(s.dataset, s.report));
    const json = documents.length === 1 ? documents[0] : { datasets: documents };
    writeOutput(values.json, `${JSON.stringify(json, null, 2)}\n`);
    io.stdout.write(`wrote ${values.json}\n`);
  }
  if (values.html) {
    writeOutput(values.html, renderHtml(sections));
    io.stdout.write(`wrote ${values.html}\n`);
  }
  return 0;
}

function parseOptions(argv: string[]) {
  return parseFlags(argv, {
    data: { type: 'string' },
    format: { type: 'string' },
    test: { type: 'string' },
    folds: { type: 'string' },
    'group-column': { type: 'string' },
    'price-map': { type: 'string' },
    missing: { type: 'string' },
    check: { type: 'string' },
    json: { type: 'string' },
    html: { type: 'string' },
    seed: { type: 'string' },
    classifiers: { type: 'string' },
    embedder: { type: 'string' },
    'knn-k': { type: 'string' },
    'embedding-cache': { type: 'string' },
    'classifier-module': { type: 'string', multiple: true },
    router: { type: 'string', multiple: true },
    'router-only': { type: 'boolean' },
    live: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  } as const);
}

// The offline evaluator's public surface (for src/index.ts to re-export).

export type { EvalDataset, EvalRow, ModelOutcome, TokenCounts } from './dataset.js';
export type { CheckChoice, DefaultPoliciesOptions } from './default-policies.js';
export { ANSWER_CHECKS, defaultPolicies } from './default-policies.js';
export { EvalInputError } from './eval-input-error.js';
export type { EvalFormat, LoadDatasetOptions } from './loaders/load-dataset.js';
export { EVAL_FORMATS, loadDataset } from './loaders/load-dataset.js';
export { parseCsv } from './loaders/parse-csv.js';
export { aiq, nonDecreasingHull } from './metrics/aiq.js';
export { apgr } from './metrics/apgr.js';
export { costSavedAt } from './metrics/cost-saved.js';
export { cpt } from './metrics/cpt.js';
export type { RoutingPoint } from './metrics/routing-metrics.js';
export { rocAuc, routingCurve } from './metrics/routing-metrics.js';
export type { CurveAxis, CurvePoint } from './metrics/curve-point.js';
export type { CheckVerdict } from './policies/gsm8k-answer-check.js';
export { gsm8kAnswerCheck } from './policies/gsm8k-answer-check.js';
export { basicAnswerCheck } from './policies/basic-answer-check.js';
export type { AcceptanceCheck } from './policies/cascade-policy.js';
export { cascadePolicy, classifierCascadePolicy } from './policies/cascade-policy.js';
export type { LearnedFactoryOptions } from './policies/classifier-factories.js';
export { heuristicFactory, learnedFactory, learnedOptionsFactory } from './policies/classifier-factories.js';
export type { EmbeddingKnnFactoryOptions } from './policies/embedding-knn-factory.js';
export { embeddingKnnFactory } from './policies/embedding-knn-factory.js';
export type { ClassifierModuleExport } from './policies/module-classifier-factory.js';
export { loadClassifierModule, moduleClassifierFactory } from './policies/module-classifier-factory.js';
export type { CachedEmbedder, CachedEmbedderOptions } from './embeddings/cached-embedder.js';
export { cachedEmbedder } from './embeddings/cached-embedder.js';
export type { EmbeddingCache } from './embeddings/embedding-cache.js';
export {
  EMBEDDING_CACHE_FORMAT,
  embeddingKey,
  loadEmbeddingCache,
  memoryEmbeddingCache,
  saveEmbeddingCache,
} from './embeddings/embedding-cache.js';
export { classifierPolicy } from './policies/classifier-policy.js';
export { combinedPolicy } from './policies/combined-policy.js';
export { perTaskPolicy } from './policies/per-task-policy.js';
export type { RankedRoutes } from './policies/share-sweep.js';
export { pooledShareSweep } from './policies/share-sweep.js';
export { taskPriorPolicy } from './policies/task-prior-policy.js';
export { utilityPolicy } from './policies/utility-policy.js';
export type {
  ClassifierFactory,
  EvalPolicy,
  FittedPolicy,
  PolicyContext,
  Route,
  TrainingExample,
} from './policies/policy.js';
export type { PriceMap, PriceMapEntry } from './pricing/price-map.js';
export { DEFAULT_PRICE_MAP, parsePriceMap } from './pricing/price-map.js';
export type { JsonReport } from './report/to-json-report.js';
export { toJsonReport } from './report/to-json-report.js';
export { formatTable } from './report/format-table.js';
export type { HtmlSection } from './report/render-html.js';
export { renderHtml } from './report/render-html.js';
export { answerTextCheck } from './recorded/answer-text-check.js';
export type { RecordedProvider, RecordedProviderOptions } from './recorded/recorded-provider.js';
export { recordedProvider } from './recorded/recorded-provider.js';
export type { ReplayableRouter, RowRequest } from './recorded/replay-rows.js';
export { defaultRowRequest } from './recorded/replay-rows.js';
export type { ReplayOptions } from './recorded/replay-router.js';
export { replay } from './recorded/replay-router.js';
export type { ReplaySubject, RouterFactory, RouterPolicyOptions } from './recorded/router-policy.js';
export { routerPolicy } from './recorded/router-policy.js';
export type { UnrecordedReason } from './recorded/unrecorded-call-error.js';
export { UnrecordedCallError } from './recorded/unrecorded-call-error.js';
export type { Baselines, EvalReport, RunEvalOptions } from './run-eval.js';
export { runEval } from './run-eval.js';
export type { TrainCascadeRoutingOptions } from './train-cascade-routing.js';
export { trainCascadeRouting } from './train-cascade-routing.js';
export type { PolicySummary } from './summarize-policy.js';
export type { HeldOutFigures, TrainOnDatasetOptions, TrainOnDatasetResult } from './train-learned-on-dataset.js';
export { DEFAULT_TRAINING, trainLearnedOnDataset } from './train-learned-on-dataset.js';

import type { PriceOverride } from '../../pricing/price-override.js';
import type { ProviderAdapter } from '../../providers/spec/provider.js';
import type { CallOptions, ChatRequest } from '../../providers/spec/request.js';
import type { ChatResponse, ChatStreamEvent } from '../../providers/spec/response.js';
import { lastUserText } from '../../router/last-user-text.js';
import type { EvalDataset, EvalRow, ModelOutcome } from '../dataset.js';
import { estimateTokens } from '../pricing/estimate-tokens.js';
import { derivedPrices } from './derived-prices.js';
import { currentReplayRow } from './replay-row-context.js';
import { UnrecordedCallError } from './unrecorded-call-error.js';

/** Options of `recordedProvider`. */
export interface RecordedProviderOptions {
  /**
   * Where calls with no record go (a judge's grading prompt, a model the data does not have): a real adapter, called
   * live and priced as usual. Without it such a call rejects with `UnrecordedCallError`.
   */
  live?: ProviderAdapter;
  /** Provider model id → the dataset's model name, for ids that differ from the data's names (default: the same). */
  models?: Readonly<Record<string, string>>;
  /** The adapter's name in records (default `recorded`). */
  name?: string;
  /** Catalog provider id used to price models before a call (default: the live adapter's, else none). */
  priceProviderId?: string;
}

/** The provider adapter `recordedProvider` returns: also says which dataset model a provider model id answers as. */
export interface RecordedProvider extends ProviderAdapter {
  /** The dataset model a provider model id is answered as (`options.models`, else the id itself). */
  datasetModel(model: string): string;
}

/**
 * A provider adapter that answers from recorded outcomes instead of calling a model: each call gets the recorded
 * answer of the model it asks for on the row whose prompt is the call's last user message, with that call's recorded
 * cost as `costUsd`, which the router charges exactly (usage is estimated at 4 characters a token). Inside `replay`
 * the row being replayed answers (so duplicate prompts stay apart); elsewhere the first row with that prompt. A call
 * with no record goes to `options.live`, else rejects with `UnrecordedCallError`. Models are priced for budget checks
 * from their recorded costs (`derivedPrices`) unless the router's `prices` or the catalog price them.
 */
export function recordedProvider(dataset: EvalDataset, options: RecordedProviderOptions = {}): RecordedProvider {
  const byPrompt = new Map<string, EvalRow>();
  for (const row of dataset.rows) if (!byPrompt.has(row.prompt)) byPrompt.set(row.prompt, row);
  let prices: Map<string, PriceOverride> | undefined;
  let served = 0;
  const { live } = options;
  const datasetModel = (model: string) => options.models?.[model] ?? model;

  /** The recorded answer of `model` to `request`, or undefined when a live adapter is to answer it. */
  function recorded(model: string, request: ChatRequest): ChatResponse | undefined {
    const name = datasetModel(model);
    const prompt = lastUserText(request.messages);
    const replaying = currentReplayRow();
    const row = replaying ? (replaying.prompt === prompt ? replaying.row : undefined) : byPrompt.get(prompt);
    const outcome: ModelOutcome | undefined = row?.outcomes[name];
    if (!outcome) {
      if (live) return undefined;
      const known = row ? Object.keys(row.outcomes) : undefined;
      const error = new UnrecordedCallError({
        model,
        prompt,
        reason: row ? 'model' : 'prompt',
        ...(known ? { known } : {}),
      });
      replaying?.unrecorded.push(error);
      throw error;
    }
    const requestId = `recorded-${++served}`;
    replaying?.calls.set(requestId, name);
    const warnings: string[] = [];
    if (outcome.response === undefined) {
      warnings.push(`the data records no answer text of ${name}: its answer is empty`);
      if (replaying) replaying.missingText++;
    }
    const text = outcome.response ?? '';
    return {
      text,
      toolCalls: [],
      finishReason: 'stop',
      usage: {
        inputTokens: Math.max(1, estimateTokens(prompt)),
        cachedInputTokens: 0,
        cacheWriteTokens: 0,
        outputTokens: Math.max(1, estimateTokens(text)),
        reasoningTokens: 0,
      },
      costUsd: outcome.costUsd,
      responseModel: name,
      requestId,
      warnings,
      raw: { recorded: { model: name, quality: outcome.quality, costUsd: outcome.costUsd } },
    };
  }

  return {
    name: options.name ?? 'recorded',
    priceProviderId: options.priceProviderId ?? live?.priceProviderId,
    datasetModel,
    ownPrice(model) {
      prices ??= derivedPrices(dataset);
      // A model the data lacks (a judge's) gets $0 rather than a construction error: its calls reject with
      // UnrecordedCallError, which says what to do; with a live adapter the catalog prices it instead.
      return prices.get(datasetModel(model)) ?? (live ? undefined : { inputPerMTok: 0, outputPerMTok: 0 });
    },
    async complete(model: string, request: ChatRequest, callOptions?: CallOptions): Promise<ChatResponse> {
      const response = recorded(model, request);
      return response ?? (live as ProviderAdapter).complete(model, request, callOptions);
    },
    async *stream(model: string, request: ChatRequest, callOptions?: CallOptions): AsyncIterable<ChatStreamEvent> {
      const response = recorded(model, request);
      if (!response) {
        yield* (live as ProviderAdapter).stream(model, request, callOptions);
        return;
      }
      if (response.text) yield { type: 'text-delta', text: response.text };
      yield { type: 'finish', response };
    },
  };
}

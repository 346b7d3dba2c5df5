import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { Router } from '../router/create-router.js';
import { convertRoutewiseUsage } from './convert-routewise-usage.js';
import { convertToRoutewiseRequest } from './convert-to-routewise-request.js';
import { convertToStreamParts } from './convert-to-stream-parts.js';
import { toAiSdkError } from './map-routewise-error.js';
import { mapRoutewiseFinishReason } from './map-routewise-finish-reason.js';
import type { RoutewiseModelOptions } from './routewise-model-options.js';
import { routewiseProviderMetadata } from './routewise-provider-metadata.js';
import { toToolCallContent } from './to-tool-call-content.js';

/** What the model needs of a router: `createRouter`'s, or a `withBudget` run's. */
export type RouterLike = Pick<Router, 'complete' | 'stream'>;

/**
 * Image URLs the providers fetch themselves (http, https): the AI SDK passes them through instead of downloading
 * them first. Other files are refused by the prompt conversion (routewise sends images only).
 */
const SUPPORTED_URLS = { 'image/*': [/^https?:\/\/.*$/] };

/**
 * The AI SDK language model over a routewise router: each `doGenerate` is one `router.complete`, each `doStream`
 * one `router.stream`, so caps, budgets, retries, fallbacks, caches and cost accounting are routewise's.
 */
export class RoutewiseLanguageModel implements Omit<LanguageModelV4, 'specificationVersion'> {
  readonly specificationVersion: 'v4' | 'v3';
  readonly provider = 'routewise';
  readonly modelId: string;
  readonly supportedUrls = SUPPORTED_URLS;
  private readonly router: RouterLike;
  private readonly options: RoutewiseModelOptions;

  constructor(router: RouterLike, options: RoutewiseModelOptions) {
    this.router = router;
    this.options = options;
    this.modelId = options.model ?? 'auto';
    this.specificationVersion = options.specificationVersion ?? 'v4';
  }

  async doGenerate(callOptions: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { request, warnings } = convertToRoutewiseRequest(callOptions, this.options);
    let result: Awaited<ReturnType<RouterLike['complete']>>;
    try {
      result = await this.router.complete(request);
    } catch (error) {
      throw toAiSdkError(error, callOptions.abortSignal);
    }
    const content: LanguageModelV4Content[] = [];
    if (result.text !== '') content.push({ type: 'text', text: result.text });
    for (const call of result.toolCalls) content.push(toToolCallContent(call));
    for (const warning of result.warnings) warnings.push({ type: 'other', message: warning });
    return {
      content,
      finishReason: mapRoutewiseFinishReason(result.finishReason, result.rawFinishReason),
      usage: convertRoutewiseUsage(result.usage),
      providerMetadata: { routewise: routewiseProviderMetadata(result) },
      request: { body: request },
      response: {
        id: result.requestId,
        modelId: result.responseModel ?? result.model,
        timestamp: new Date(),
        body: result.raw,
      },
      warnings,
    };
  }

  async doStream(callOptions: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { request, warnings } = convertToRoutewiseRequest(callOptions, this.options);
    const events = this.router.stream(request)[Symbol.asyncIterator]();
    // The first event is awaited here, so a route that fails before any output (budget, every model down) rejects
    // `doStream` as a provider's failed HTTP call would; later failures arrive as `error` parts.
    let first: Awaited<ReturnType<typeof events.next>>;
    try {
      first = await events.next();
    } catch (error) {
      throw toAiSdkError(error, callOptions.abortSignal);
    }
    return {
      stream: convertToStreamParts({
        first,
        events,
        warnings,
        requestId: request.requestId as string,
        signal: callOptions.abortSignal,
      }),
      request: { body: request },
    };
  }
}

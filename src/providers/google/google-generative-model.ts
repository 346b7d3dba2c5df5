import type { GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { MalformedResponseError } from '../../errors.js';
import { redact } from '../shared/redact.js';
import type { CallOptions, ChatRequest } from '../spec/request.js';
import type { ChatResponse } from '../spec/response.js';
import { buildGoogleResponse, promptBlockReason, readGoogleParts } from './convert-google-response.js';
import { convertToGoogleRequest } from './convert-to-google-request.js';
import { googleCallFetch } from './google-call-fetch.js';
import { withGoogleCallOptions } from './google-call-options.js';
import { type GoogleErrorContext, googleErrorContext, toGoogleProviderError } from './google-error.js';
import { scrubGoogleRaw } from './scrub-google-raw.js';

/** What a Google call needs from the adapter: its name, the client, and the key to scrub from messages. */
export interface GoogleCallContext {
  provider: string;
  /** The SDK client (created on first use). */
  client(): GoogleGenAI;
  /** The API key in use, read at call time (never stored on the adapter). */
  apiKey(): string | undefined;
}

/** One non-streaming `generateContent` call → normalized response. */
export async function googleComplete(
  ctx: GoogleCallContext,
  model: string,
  request: ChatRequest,
  options: CallOptions = {},
): Promise<ChatResponse> {
  const errorContext = googleErrorContext(ctx, model, options.signal);
  const { contents, config, warnings } = convertToGoogleRequest(request);
  let response: GenerateContentResponse;
  try {
    const client = ctx.client();
    response = await client.models.generateContent({
      model,
      contents,
      config: withGoogleCallOptions(
        config,
        options.signal,
        options.timeoutMs,
        googleCallFetch(client, errorContext),
        options.headers,
      ),
    });
  } catch (error) {
    throw toGoogleProviderError(error, errorContext);
  }
  return convertGoogleCompleteResponse(response, warnings, errorContext);
}

/** Checks a `generateContent` response against the documented format and normalizes it. */
export function convertGoogleCompleteResponse(
  response: GenerateContentResponse,
  warnings: string[],
  errorContext: GoogleErrorContext,
): ChatResponse {
  const candidate = response?.candidates?.[0];
  const blockReason = promptBlockReason(response);
  if (!candidate && !blockReason) {
    throw new MalformedResponseError(
      redact(`Google response has neither candidates nor promptFeedback.blockReason (${errorContext.model})`, [
        errorContext.apiKey,
      ]),
      {
        provider: errorContext.provider,
        model: errorContext.model,
        ...(response?.responseId ? { requestId: response.responseId } : {}),
      },
    );
  }
  return buildGoogleResponse({
    parts: readGoogleParts(candidate?.content?.parts),
    rawFinishReason: candidate?.finishReason,
    blockReason,
    response,
    usageMetadata: response.usageMetadata,
    warnings,
    raw: scrubGoogleRaw(response, errorContext.apiKey),
  });
}

import { ProviderError } from '../../errors.js';
import { redact } from './redact.js';
import { scrubSecrets } from './scrub-secrets.js';
import { type CallContext, malformedResponse } from './sdk-error.js';

/**
 * Reads a 2xx response body as JSON. It is read here rather than by the SDK so that each failure is
 * told apart: a socket cut while reading is a (retryable) connection error, a body that is not JSON
 * (a proxy's HTML page, a truncated answer) is a `MalformedResponseError`. The content type is not
 * trusted either way: some compatible hosts send JSON as `text/plain`. The OpenAI and Anthropic adapters read
 * their non-streamed answers through it.
 */
export async function readJsonBody(
  response: Response,
  ctx: CallContext,
  requestId: string | undefined,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const aborted = signal?.aborted === true;
    const what = aborted ? 'request aborted' : 'connection lost while reading the body';
    throw new ProviderError(
      redact(`${ctx.provider} ${ctx.model}: ${what}: ${(error as Error)?.message ?? error}`, ctx.secrets),
      {
        provider: ctx.provider,
        model: ctx.model,
        kind: aborted ? 'aborted' : 'connection',
        retryable: !aborted,
        requestId,
        cause: scrubSecrets(error, ctx.secrets),
      },
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 80));
    throw malformedResponse(ctx, `body is not valid JSON (${(error as Error).message}); it starts ${start}`, {
      requestId,
      cause: error,
    });
  }
}

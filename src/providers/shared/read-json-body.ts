import { ProviderError } from '../../errors.js';
import { redact } from './redact.js';
import { scrubSecrets } from './scrub-secrets.js';
import type { DeadlineHook } from './deadline-hook.js';
import { type CallContext, malformedResponse } from './sdk-error.js';

/**
 * Reads a 2xx response body as JSON. It is read here rather than by the SDK so that each failure is
 * told apart: a socket cut while reading is a (retryable) connection error, a body that is not JSON
 * (a proxy's HTML page, a truncated answer) is a `MalformedResponseError`. The content type is not
 * trusted either way: some compatible hosts send JSON as `text/plain`. The OpenAI and Anthropic adapters read
 * their non-streamed answers through it. With `onDeadline` (the router's deadline hook, offered instead of a signal)
 * the router's deadline cancels the body read, which closes the connection; that ends as an `aborted` error, which
 * the router reports as its timeout.
 */
export async function readJsonBody(
  response: Response,
  ctx: CallContext,
  requestId: string | undefined,
  signal: AbortSignal | undefined,
  onDeadline?: DeadlineHook,
): Promise<unknown> {
  let text: string;
  const stopped = onDeadline ? new BodyStop() : undefined;
  try {
    text = stopped ? await readTextUntilStopped(response, onDeadline as DeadlineHook, stopped) : await response.text();
  } catch (error) {
    const aborted = signal?.aborted === true || stopped?.reason !== undefined;
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

/** Why the body read was stopped, once the deadline hook has stopped it. */
class BodyStop {
  reason: unknown = undefined;
}

/**
 * `response.text()`, read through a reader of our own so that the deadline hook can cancel it (a body that
 * `text()` has locked cannot be cancelled). Decoded as `text()` decodes: UTF-8, a leading byte-order mark dropped.
 */
async function readTextUntilStopped(response: Response, onDeadline: DeadlineHook, stopped: BodyStop): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const reader = body.getReader();
  onDeadline((reason) => {
    stopped.reason = reason ?? new Error('stopped');
    reader.cancel(reason).catch(() => {});
  });
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await reader.read();
    if (next.done) break;
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  if (stopped.reason !== undefined) throw stopped.reason;
  return utf8.decode(chunks.length === 1 ? (chunks[0] as Uint8Array) : joined(chunks, size));
}

/** The chunks as one array (no `Buffer`: the adapters run wherever `fetch` does). */
function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/** One decoder for every body: `decode` without `stream` keeps no state between calls. */
const utf8 = new TextDecoder();

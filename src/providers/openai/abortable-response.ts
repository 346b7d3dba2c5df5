/**
 * A copy of a streaming response whose body errors as soon as `signal` aborts. A spec-following
 * fetch already does this, but not every fetch does (custom fetches, msw's mocked bodies): without
 * it, a caller's abort mid-stream could leave a read waiting forever.
 */
export function abortableResponse(response: Response, signal: AbortSignal | undefined): Response {
  if (!signal || !response.body) return response;
  const body = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>(), { signal });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

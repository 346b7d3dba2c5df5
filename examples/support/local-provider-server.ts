/**
 * A tiny stand-in for the providers' HTTP APIs, so the examples run with no API keys and no network.
 *
 * One `node:http` server on 127.0.0.1 (random port) answers three documented formats, one handler each:
 * - OpenAI Chat Completions  `POST /v1/chat/completions`  (JSON, or SSE ending with the usage chunk and `[DONE]`);
 *   DeepSeek speaks the same format, with its own `prompt_cache_hit_tokens` usage fields.
 * - Anthropic Messages        `POST /v1/messages`          (JSON, or SSE with `event:` lines and cumulative usage).
 * - Gemini                    `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`.
 *
 * Answers are canned (picked by a keyword of the last user message), usage is counted from the text
 * (about 4 characters a token) and honours the request's output cap and reasoning setting. Prompts here are
 * short, so no provider reports prompt-cache hits (every provider needs at least 1024 prompt tokens to cache);
 * the cache fields are still sent, as the real APIs send them.
 *
 * `fail` makes the first N requests of a format fail with 429 or 503 and the provider's own error body.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProviderFormat = 'openai' | 'anthropic' | 'google';

export interface LocalServerOptions {
  /** Fail the first `count` requests of a format with `status` (a 429 also carries `retry-after: 1`). */
  fail?: Partial<Record<ProviderFormat, { count: number; status: 429 | 503 }>>;
}

export interface LocalProviderServer {
  /** `http://127.0.0.1:<port>`, without a path. */
  url: string;
  /** Every request answered so far: its format and the HTTP status sent. */
  log: Array<{ format: ProviderFormat; status: number }>;
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are the providers' JSON, read loosely on purpose
type Json = any;

/** Canned answers by keyword of the last user message; `model` limits one to the models whose id matches. */
const ANSWERS: Array<{ when: RegExp; model?: RegExp; text: string }> = [
  {
    when: /reset my password/i,
    text: 'Open Settings → Security, choose "Reset password", and follow the link we email you (it expires in 1 hour).',
  },
  // The small models hedge on the refund question; the judge grades that low, so the cascade escalates.
  {
    when: /refund on my annual plan/i,
    model: /nano/,
    text: 'Probably yes, refunds are usually possible for most plans.',
  },
  {
    when: /refund on my annual plan/i,
    text: 'Yes, within 60 days of purchase: a yearly plan is refunded pro rata for the unused months. After 60 days only unused add-ons are refunded.',
  },
  {
    when: /idempotency/i,
    text: 'An idempotency key is a unique value the client sends with a request so the server can recognise a retry and return the first result instead of acting twice. Send one with every non-read request you might retry, such as a payment or an order.',
  },
  {
    when: /subscription|yearly/i,
    text: 'The yearly plan is cheaper once you would pay for 11 or more months: 11 × $14 = $154, which is more than $150.',
  },
  {
    when: /sky/i,
    text: 'Sunlight is a mix of every colour. Air molecules scatter short blue wavelengths far more strongly than long red ones (Rayleigh scattering). That scattered blue light reaches your eyes from every direction, so the whole sky looks blue.',
  },
  {
    when: /translate/i,
    text: 'French: Où est la gare ?\nSpanish: ¿Dónde está la estación de tren?\nGerman: Wo ist der Bahnhof?',
  },
  // Multiple choice for the cascade-routing example: every model knows the capital; on the moons question nano
  // guesses Jupiter, the others know it is Saturn.
  { when: /capital of Australia/i, model: /nano/, text: 'B' },
  { when: /capital of Australia/i, text: 'The answer is B) Canberra.' },
  { when: /most known moons/i, model: /nano/, text: 'A' },
  { when: /most known moons/i, text: 'The answer is B) Saturn, with well over a hundred confirmed moons.' },
  { when: /haiku/i, text: 'Five hundred and three,\nthe first door stays closed tonight—\na second one opens.' },
  {
    when: /triage/i,
    text: JSON.stringify({
      category: 'billing',
      priority: 'high',
      customer: 'Dana Whitfield',
      summary: 'Charged twice for the March invoice (INV-2291) and asks for a refund of the duplicate payment.',
    }),
  },
];
const DEFAULT_ANSWER = 'Here is a short answer from the local provider server.';
const THINKING_SUMMARY = 'Compare the yearly price with n monthly payments: 14n > 150 first holds at n = 11.';

const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));
const id = (prefix: string): string => `${prefix}${randomBytes(12).toString('hex')}`;

function answerFor(prompt: string, model = ''): string {
  if (prompt.includes('Grade the ANSWER')) return judgeGrade(prompt);
  return ANSWERS.find((a) => a.when.test(prompt) && (a.model?.test(model) ?? true))?.text ?? DEFAULT_ANSWER;
}

/** A grader's reply (routewise's judge prompt): a hedging answer scores 3, any other 9. */
function judgeGrade(prompt: string): string {
  const answer = /ANSWER \(JSON string\):\n(".*")/.exec(prompt)?.[1] ?? '""';
  return /probably|not sure|usually/i.test(JSON.parse(answer) as string) ? 'Score: 3' : 'Score: 9';
}

/** What the model "writes" under a cap: the answer, cut when reasoning + answer do not fit. */
function capOutput(answer: string, reasoningTokens: number, cap: number | undefined) {
  const limit = cap ?? Number.POSITIVE_INFINITY;
  const reasoning = Math.min(reasoningTokens, limit);
  const room = limit - reasoning;
  const full = tokens(answer);
  const text = full <= room ? answer : answer.slice(0, Math.max(0, room) * 4);
  return { text, reasoning, textTokens: text === '' ? 0 : tokens(text), truncated: full > room };
}

/** Splits an answer into stream deltas of a few words each. */
const deltas = (text: string): string[] => text.match(/\S+\s*\S*\s*\S*\s*/g) ?? [text];

/** Writes one SSE event; Anthropic's also get an `event:` line naming their type. */
const sse = (res: ServerResponse, data: Json, named = false) =>
  res.write(`${named ? `event: ${data.type}\n` : ''}data: ${JSON.stringify(data)}\n\n`);

function startSse(res: ServerResponse, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// ── OpenAI Chat Completions (and DeepSeek) ───────────────────────────────────────────────────────────────

const OPENAI_REASONING: Record<string, number> = { minimal: 0, low: 192, medium: 640, high: 1792 };

function handleOpenAI(body: Json, res: ServerResponse) {
  const messages: Json[] = body.messages ?? [];
  const textOf = (m: Json) =>
    typeof m.content === 'string' ? m.content : (m.content ?? []).map((p: Json) => p.text ?? '').join('');
  const prompt = textOf(messages.filter((m) => m.role === 'user').at(-1) ?? {});
  const isDeepSeek = String(body.model).startsWith('deepseek');
  const thinks = /^(o\d|gpt-5)/.test(body.model) && body.reasoning_effort !== 'none';
  const out = capOutput(
    answerFor(prompt, String(body.model)),
    thinks ? (OPENAI_REASONING[body.reasoning_effort ?? 'medium'] ?? 640) : 0,
    body.max_completion_tokens ?? body.max_tokens,
  );
  const promptTokens = messages.reduce((sum, m) => sum + tokens(textOf(m)) + 4, 3);
  const completionTokens = out.reasoning + out.textTokens;
  const usage = {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    // DeepSeek reports its disk cache in fields of its own; OpenAI in the details objects.
    ...(isDeepSeek
      ? { prompt_cache_hit_tokens: 0, prompt_cache_miss_tokens: promptTokens }
      : {
          prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: out.reasoning, audio_tokens: 0 },
        }),
  };
  const finishReason = out.truncated ? 'length' : 'stop';
  const base = { id: id('chatcmpl-'), created: Math.floor(Date.now() / 1000), model: body.model };
  const headers = { 'x-request-id': id('req_') };

  if (!body.stream) {
    const message = { role: 'assistant', content: out.text, refusal: null, annotations: [] };
    const choice = { index: 0, message, logprobs: null, finish_reason: finishReason };
    return json(res, 200, { ...base, object: 'chat.completion', choices: [choice], usage }, headers);
  }
  startSse(res, headers);
  const chunk = (delta: Json, finish: string | null = null) => ({
    ...base,
    object: 'chat.completion.chunk',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
  });
  sse(res, chunk({ role: 'assistant', content: '' }));
  for (const piece of deltas(out.text)) sse(res, chunk({ content: piece }));
  sse(res, chunk({}, finishReason));
  if (body.stream_options?.include_usage) sse(res, { ...base, object: 'chat.completion.chunk', choices: [], usage });
  res.end('data: [DONE]\n\n');
}

// ── Anthropic Messages ───────────────────────────────────────────────────────────────────────────────────

function handleAnthropic(body: Json, res: ServerResponse) {
  const textOf = (content: Json) =>
    typeof content === 'string' ? content : (content ?? []).map((b: Json) => b.text ?? '').join('');
  const messages: Json[] = body.messages ?? [];
  const prompt = textOf(messages.filter((m) => m.role === 'user').at(-1)?.content);
  const system = typeof body.system === 'string' ? body.system : textOf(body.system);
  const budget = body.thinking?.type === 'enabled' ? body.thinking.budget_tokens : 0;
  const out = capOutput(answerFor(prompt, String(body.model)), budget > 0 ? Math.min(budget, 412) : 0, body.max_tokens);
  const usage = {
    input_tokens: messages.reduce((sum, m) => sum + tokens(textOf(m.content)) + 3, tokens(system) + 8),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    output_tokens: out.reasoning + out.textTokens,
    output_tokens_details: out.reasoning > 0 ? { thinking_tokens: out.reasoning } : null,
    service_tier: 'standard',
  };
  const signature = randomBytes(48).toString('base64');
  const content: Json[] = [];
  if (out.reasoning > 0) content.push({ type: 'thinking', thinking: THINKING_SUMMARY, signature });
  if (out.text) content.push({ type: 'text', text: out.text, citations: null });
  const message = {
    id: id('msg_'),
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: out.truncated ? 'max_tokens' : 'end_turn',
    stop_sequence: null,
    usage,
  };
  const headers = { 'request-id': id('req_') };

  if (!body.stream) return json(res, 200, message, headers);
  startSse(res, headers);
  const startUsage = { ...usage, output_tokens: 1, output_tokens_details: null };
  const event = (data: Json) => sse(res, data, true);
  event({ type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: startUsage } });
  content.forEach((block, index) => {
    const thinking = block.type === 'thinking';
    const empty = thinking ? { ...block, thinking: '', signature: '' } : { ...block, text: '' };
    event({ type: 'content_block_start', index, content_block: empty });
    for (const piece of deltas(thinking ? block.thinking : block.text)) {
      const delta = thinking ? { type: 'thinking_delta', thinking: piece } : { type: 'text_delta', text: piece };
      event({ type: 'content_block_delta', index, delta });
    }
    if (thinking) event({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
    event({ type: 'content_block_stop', index });
  });
  // message_delta carries the cumulative usage (output_tokens so far = all of them).
  event({ type: 'message_delta', delta: { stop_reason: message.stop_reason, stop_sequence: null }, usage });
  event({ type: 'message_stop' });
  res.end();
}

// ── Gemini generateContent / streamGenerateContent ───────────────────────────────────────────────────────

function handleGoogle(model: string, stream: boolean, body: Json, res: ServerResponse) {
  const textOf = (c: Json) => (c?.parts ?? []).map((p: Json) => p.text ?? '').join('');
  const contents: Json[] = body.contents ?? [];
  const prompt = textOf(contents.filter((c) => c.role !== 'model').at(-1));
  const config = body.generationConfig ?? {};
  // No thinkingConfig (or -1) means dynamic thinking on 2.5 models; a budget of 0 turns it off.
  const budget: number = config.thinkingConfig?.thinkingBudget ?? -1;
  const planned = /gemini-2\.5|gemini-3/.test(model) && budget !== 0 ? 318 : 0;
  // Thoughts use up maxOutputTokens first (a small cap can leave an empty MAX_TOKENS answer), but are
  // reported apart from the answer: candidatesTokenCount excludes thoughtsTokenCount.
  const out = capOutput(
    answerFor(prompt, model),
    budget > 0 ? Math.min(budget, planned) : planned,
    config.maxOutputTokens,
  );
  const thoughts = out.reasoning;
  const promptTokenCount = contents.reduce((sum, c) => sum + tokens(textOf(c)), tokens(textOf(body.systemInstruction)));
  const usageAfter = (text: string) => ({
    promptTokenCount,
    candidatesTokenCount: text === '' ? 0 : tokens(text),
    totalTokenCount: promptTokenCount + (text === '' ? 0 : tokens(text)) + thoughts,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokenCount }],
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
  });
  const responseId = randomBytes(16).toString('base64url');
  const response = (text: string, finishReason?: string) => ({
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, ...(finishReason ? { finishReason } : {}), index: 0 },
    ],
    usageMetadata: usageAfter(text),
    modelVersion: model,
    responseId,
  });
  const finishReason = out.truncated ? 'MAX_TOKENS' : 'STOP';

  if (!stream) return json(res, 200, response(out.text, finishReason));
  startSse(res);
  const pieces = deltas(out.text);
  let sent = '';
  pieces.forEach((piece, i) => {
    sent += piece;
    // Each chunk carries only its new text, but usageMetadata is the running total.
    const chunk = response(piece, i === pieces.length - 1 ? finishReason : undefined);
    sse(res, { ...chunk, usageMetadata: usageAfter(sent) });
  });
  res.end();
}

// ── Routing, failures, lifecycle ─────────────────────────────────────────────────────────────────────────

const ERRORS: Record<ProviderFormat, Record<429 | 503, unknown>> = {
  openai: {
    429: {
      error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    },
    503: {
      error: { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null },
    },
  },
  anthropic: {
    429: {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your rate limit.' },
    },
    503: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
  },
  google: {
    429: {
      error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' },
    },
    503: { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
  },
};

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

/** Starts the server on a random port of 127.0.0.1. */
export async function startLocalProviderServer(options: LocalServerOptions = {}): Promise<LocalProviderServer> {
  const log: LocalProviderServer['log'] = [];
  const seen: Record<ProviderFormat, number> = { openai: 0, anthropic: 0, google: 0 };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const gemini = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
    const format: ProviderFormat | undefined =
      url.pathname === '/v1/chat/completions'
        ? 'openai'
        : url.pathname === '/v1/messages'
          ? 'anthropic'
          : gemini
            ? 'google'
            : undefined;
    if (req.method !== 'POST' || !format) {
      return json(res, 404, { error: { message: `no route for ${req.method} ${url.pathname}` } });
    }
    const body = await readJson(req);
    const failure = options.fail?.[format];
    if (failure && seen[format]++ < failure.count) {
      log.push({ format, status: failure.status });
      return json(
        res,
        failure.status,
        ERRORS[format][failure.status],
        failure.status === 429 ? { 'retry-after': '1' } : {},
      );
    }
    log.push({ format, status: 200 });
    if (format === 'openai') return handleOpenAI(body, res);
    if (format === 'anthropic') return handleAnthropic(body, res);
    return handleGoogle(gemini?.[1] as string, gemini?.[2] === 'streamGenerateContent', body, res);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

import { toJsonSchema } from '../providers/shared/structured-output.js';
import type { Message } from '../providers/spec/message.js';
import type { ChatRequest, JsonSchema, ZodLike } from '../providers/spec/request.js';
import { countO200kTokens } from './count-o200k-tokens.js';

/** Options of `estimateInputTokens`. */
export interface EstimateInputOptions {
  /** The adapter's name (`openai`, `anthropic`, `google`, `deepseek`…); decides the default safety factor. */
  providerName?: string;
  /** Multiplies the text tokens; default 1 for OpenAI's own tokenizer, `NON_OPENAI_SAFETY_FACTOR` otherwise. */
  safetyFactor?: number;
  /** Tokens charged per image part; default `IMAGE_TOKENS`. */
  imageTokens?: number;
}

/**
 * Framing tokens per message (role, separators): OpenAI documents 3 per message for its chat format; 4 leaves room
 * for the name fields and the other providers' markers.
 */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** Tokens that prime the reply (OpenAI: `<|start|>assistant<|message|>`, 3 tokens). */
export const REPLY_PRIMING_TOKENS = 3;

/**
 * Tokens charged per image. Anthropic bills about width × height / 750 and downsizes anything above ~1.15 MP
 * (1568 px on the long side), so an image costs at most ~1,600 tokens there. OpenAI's high-detail tiling tops out
 * at 1,445 on gpt-4o-class models and Gemini charges 258 per 768-px tile. Exceptions that can cost more: OpenAI's
 * patch-based mini models (gpt-4.1-mini, o4-mini: up to ~2,600) and very large images on Gemini (one tile each);
 * pass `imageTokens` for those.
 */
export const IMAGE_TOKENS = 1_600;

/**
 * Fixed tokens added when a request carries tools: Anthropic injects a tool-use system prompt of up to ~350 tokens
 * (and OpenAI renders the definitions inside a namespace wrapper); 400 covers both.
 */
export const TOOLS_OVERHEAD_TOKENS = 400;

/** Framing tokens per tool definition (name, description keys, separators) on top of its JSON. */
export const TOOL_OVERHEAD_TOKENS = 16;

/**
 * Multiplier on o200k text tokens for providers with another tokenizer. Claude's tokenizer yields notably more
 * tokens than o200k for the same text (~15–25 % on English prose, more on code); Gemini's and DeepSeek's are close
 * to o200k on English but differ on other scripts. 1.25 keeps the estimate an upper bound in the common cases.
 */
export const NON_OPENAI_SAFETY_FACTOR = 1.25;

/** Adapters that bill with o200k itself, so need no safety factor. */
const O200K_PROVIDERS: ReadonlySet<string> = new Set(['openai', 'openai-compatible']);

/**
 * An upper estimate of the input tokens of a request, used for the worst-case cost before a call and for the
 * context-window check: o200k tokens of everything sent as text (system prompt, messages, tool-call arguments,
 * tool definitions and the output schema as JSON), plus message framing, a fixed figure per image, and a safety
 * factor for providers whose tokenizer yields more tokens than o200k. It runs on every budgeted call: a repeated
 * long text (system prompt, tool schemas, chat history) is counted once and remembered.
 */
export function estimateInputTokens(request: ChatRequest, options: EstimateInputOptions = {}): number {
  let text = REPLY_PRIMING_TOKENS;
  let images = 0;
  if (request.system) text += MESSAGE_OVERHEAD_TOKENS + countO200kTokens(request.system);
  for (const message of request.messages) {
    text += MESSAGE_OVERHEAD_TOKENS;
    const counted = countMessage(message);
    text += counted.text;
    images += counted.images;
  }
  if (request.tools && request.tools.length > 0) {
    text += TOOLS_OVERHEAD_TOKENS;
    for (const tool of request.tools) {
      text += TOOL_OVERHEAD_TOKENS + countO200kTokens(tool.name);
      if (tool.description) text += countO200kTokens(tool.description);
      text += schemaTokens(tool.parameters);
    }
  }
  if (request.output) {
    text += MESSAGE_OVERHEAD_TOKENS + countO200kTokens(request.output.name ?? 'output');
    text += schemaTokens(request.output.schema);
  }
  if (request.stop) for (const stop of request.stop) text += countO200kTokens(stop);
  const factor = options.safetyFactor ?? defaultSafetyFactor(options.providerName);
  return Math.ceil(text * factor) + images * (options.imageTokens ?? IMAGE_TOKENS);
}

/** 1 for OpenAI's own tokenizer; `NON_OPENAI_SAFETY_FACTOR` for any other provider, or an unknown one. */
export function defaultSafetyFactor(providerName: string | undefined): number {
  return providerName !== undefined && O200K_PROVIDERS.has(providerName) ? 1 : NON_OPENAI_SAFETY_FACTOR;
}

/**
 * Tokens of a schema's JSON, remembered per schema object: converting a zod schema takes far longer than counting,
 * and tools and output schemas are usually defined once and passed on every call. (A JSON schema object mutated in
 * place after its first use would keep its first count.)
 */
function schemaTokens(schema: JsonSchema | ZodLike): number {
  const known = schemaCache.get(schema);
  if (known !== undefined) return known;
  const tokens = countO200kTokens(JSON.stringify(toJsonSchema(schema)));
  schemaCache.set(schema, tokens);
  return tokens;
}

const schemaCache = new WeakMap<object, number>();

function countMessage(message: Message): { text: number; images: number } {
  let text = 0;
  let images = 0;
  if (typeof message.content === 'string') text += countO200kTokens(message.content);
  else {
    for (const part of message.content) {
      if (part.type === 'text') text += countO200kTokens(part.text);
      else images += 1;
    }
  }
  if (message.role === 'assistant' && message.toolCalls) {
    for (const call of message.toolCalls) {
      text += MESSAGE_OVERHEAD_TOKENS + countO200kTokens(call.name) + countO200kTokens(JSON.stringify(call.arguments));
    }
  }
  if (message.role === 'tool') {
    text += countO200kTokens(message.toolCallId);
    if (message.toolName) text += countO200kTokens(message.toolName);
  }
  return { text, images };
}

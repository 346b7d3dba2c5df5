import { toJsonSchema } from '../providers/shared/structured-output.js';
import type { ImagePart, Message } from '../providers/spec/message.js';
import type { ChatRequest, JsonSchema, ZodLike } from '../providers/spec/request.js';
import { countO200kTokens } from './count-o200k-tokens.js';
import { estimateImageTokens } from './estimate-image-tokens.js';

export { IMAGE_TOKENS } from './estimate-image-tokens.js';

/** Options of `estimateInputTokens`. */
export interface EstimateInputOptions {
  /** The adapter's name (`openai`, `anthropic`, `google`, `deepseek`…); decides the default safety factor. */
  providerName?: string;
  /** Multiplies the text tokens; default 1 for OpenAI's own tokenizer, `NON_OPENAI_SAFETY_FACTOR` otherwise. */
  safetyFactor?: number;
  /** The provider's model id: image formulas differ per model family. */
  model?: string;
  /**
   * Tokens assumed per image whose size is unknown (a URL) or whose provider has no documented formula (the router
   * passes `defaults.imageTokens`); see `estimateImageTokens`.
   */
  unknownImageTokens?: number;
  /** A fixed figure per image part, in place of the per-image estimate (`estimateImageTokens`). */
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
 * tool definitions and the output schema as JSON), plus message framing, each image's tokens (`estimateImageTokens`:
 * the provider's formula on the size read from an inline image's header, a worst case for a URL), and a safety
 * factor for providers whose tokenizer yields more tokens than o200k. It runs on every budgeted call: a repeated
 * long text (system prompt, tool schemas, chat history) is counted once and remembered.
 */
export function estimateInputTokens(request: ChatRequest, options: EstimateInputOptions = {}): number {
  return tallyInputTokens(request, options, countO200kTokens);
}

/** The parts of a request its input estimate reads: a router request's fields are the adapter request's. */
export type EstimatedInput = Pick<ChatRequest, 'messages' | 'system' | 'tools' | 'output' | 'stop'>;

/** Counts the tokens of one text: the exact o200k count, or one of the cheap bounds in `input-size-bound.ts`. */
export type TextTokenCounter = (text: string) => number;

/**
 * The sum `estimateInputTokens` makes, with `count` for every text: the same framing, images and safety factor
 * whatever the counter, so a counter that bounds o200k from above (below) bounds the estimate from above (below).
 */
export function tallyInputTokens(
  request: EstimatedInput,
  options: EstimateInputOptions,
  count: TextTokenCounter,
): number {
  let text = REPLY_PRIMING_TOKENS;
  let images = 0;
  // Built at the first image only: most requests have none, and this runs on every call.
  let imageTokens: ((part: ImagePart) => number) | undefined;
  if (request.system) text += MESSAGE_OVERHEAD_TOKENS + count(request.system);
  for (const message of request.messages) {
    text += MESSAGE_OVERHEAD_TOKENS;
    if (typeof message.content === 'string') text += count(message.content);
    else {
      for (const part of message.content) {
        if (part.type === 'text') text += count(part.text);
        else {
          imageTokens ??= imageEstimator(options);
          images += imageTokens(part);
        }
      }
    }
    text += countMessageExtras(message, count);
  }
  if (request.tools && request.tools.length > 0) {
    text += TOOLS_OVERHEAD_TOKENS;
    for (const tool of request.tools) {
      text += TOOL_OVERHEAD_TOKENS + count(tool.name);
      if (tool.description) text += count(tool.description);
      text += schemaTokens(tool.parameters, count);
    }
  }
  if (request.output) {
    text += MESSAGE_OVERHEAD_TOKENS + count(request.output.name ?? 'output');
    text += schemaTokens(request.output.schema, count);
  }
  if (request.stop) for (const stop of request.stop) text += count(stop);
  const factor = options.safetyFactor ?? defaultSafetyFactor(options.providerName);
  return Math.ceil(text * factor) + images;
}

/** Tokens of one image part under these options: the fixed `imageTokens`, else the per-image estimate. */
function imageEstimator(options: EstimateInputOptions): (part: ImagePart) => number {
  const fixed = options.imageTokens;
  if (fixed !== undefined) return () => fixed;
  const imageOptions = {
    ...(options.providerName !== undefined ? { providerName: options.providerName } : {}),
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.unknownImageTokens !== undefined ? { unknownImageTokens: options.unknownImageTokens } : {}),
  };
  return (part) => estimateImageTokens(part, imageOptions);
}

/** 1 for OpenAI's own tokenizer; `NON_OPENAI_SAFETY_FACTOR` for any other provider, or an unknown one. */
export function defaultSafetyFactor(providerName: string | undefined): number {
  return providerName !== undefined && O200K_PROVIDERS.has(providerName) ? 1 : NON_OPENAI_SAFETY_FACTOR;
}

/**
 * Tokens of a schema's JSON, its JSON and exact count remembered per schema object: converting a zod schema takes
 * far longer than counting, and tools and output schemas are usually defined once and passed on every call. (A JSON
 * schema object mutated in place after its first use would keep its first count.)
 */
function schemaTokens(schema: JsonSchema | ZodLike, count: TextTokenCounter): number {
  let known = schemaCache.get(schema);
  if (known === undefined) {
    known = { json: JSON.stringify(toJsonSchema(schema)) };
    schemaCache.set(schema, known);
  }
  if (count !== countO200kTokens) return count(known.json);
  known.exact ??= countO200kTokens(known.json);
  return known.exact;
}

const schemaCache = new WeakMap<object, { json: string; exact?: number }>();

/** Tokens of a message's tool-call arguments and tool ids (its content is counted by the caller). */
function countMessageExtras(message: Message, count: TextTokenCounter): number {
  let text = 0;
  if (message.role === 'assistant' && message.toolCalls) {
    for (const call of message.toolCalls) {
      text += MESSAGE_OVERHEAD_TOKENS + count(call.name) + count(JSON.stringify(call.arguments));
    }
  }
  if (message.role === 'tool') {
    text += count(message.toolCallId);
    if (message.toolName) text += count(message.toolName);
  }
  return text;
}

import type {
  Content,
  FunctionCallingConfig,
  FunctionCallingConfigMode,
  GenerateContentConfig,
  Part,
  ThinkingConfig,
} from '@google/genai';
import { InvalidRequestError } from '../../errors.js';
import { fitThinkingBudget, reasoningBudget } from '../reasoning.js';
import { googleOptionFields } from './google-provider-options.js';
import { toJsonSchema } from '../shared/structured-output.js';
import type { AssistantMessage, ContentPart, Message, ToolResultMessage } from '../spec/message.js';
import type { ChatRequest } from '../spec/request.js';

/** The `contents` and `config` of a `generateContent` call (without per-call transport options), plus warnings. */
export interface GoogleRequest {
  contents: Content[];
  config: GenerateContentConfig;
  warnings: string[];
}

/** Gemini accepts at most five stop sequences (`GenerationConfig.stopSequences`). */
const MAX_STOP_SEQUENCES = 5;

/**
 * Gemini 3 rejects a replayed `functionCall` part without its `thoughtSignature` (400). Calls that come without
 * one (made by another provider, or stored without it) get the sentinel the Gemini thought-signature docs
 * give for that case, which tells the API to skip the check.
 */
const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** Converts a normalized request into the `contents` and `config` of `ai.models.generateContent`. */
export function convertToGoogleRequest(request: ChatRequest): GoogleRequest {
  const warnings: string[] = [];
  const config: GenerateContentConfig = {
    // One SDK call must be one HTTP request: with continuation on, the SDK would re-send the request after a
    // `CONTINUATION` finish and sum the hops, so neither the output cap nor the cost of "one call" would hold.
    automaticContinuation: false,
    ...outputCaps(request, warnings),
  };

  const system = [request.system, ...request.messages.filter((m) => m.role === 'system').map((m) => m.content)]
    .filter((text): text is string => typeof text === 'string' && text.length > 0)
    .map((text) => ({ text }));
  if (system.length > 0) config.systemInstruction = { parts: system };

  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.stop && request.stop.length > 0) {
    if (request.stop.length > MAX_STOP_SEQUENCES) {
      // Dropping some would change where the answer stops: refuse rather than send a different request.
      throw new InvalidRequestError([
        {
          path: 'stop',
          message: `Gemini accepts at most ${MAX_STOP_SEQUENCES} stop sequences; got ${request.stop.length}`,
        },
      ]);
    }
    config.stopSequences = request.stop;
  }

  if (request.tools && request.tools.length > 0) {
    config.tools = [
      {
        functionDeclarations: request.tools.map((tool) => ({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parametersJsonSchema: toJsonSchema(tool.parameters),
        })),
      },
    ];
    if (request.toolChoice !== undefined) {
      config.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
    }
  } else if (request.toolChoice !== undefined && request.toolChoice !== 'auto' && request.toolChoice !== 'none') {
    warnings.push('toolChoice was ignored: the request has no tools');
  }

  if (request.output) {
    config.responseMimeType = 'application/json';
    config.responseJsonSchema = toJsonSchema(request.output.schema);
  }
  if (request.cache) {
    // Explicit caches are a separate resource (`ai.caches.create`, then `config.cachedContent`); Gemini 2.5+
    // caches repeated prefixes implicitly, and that is all a single call can ask for.
    warnings.push('cache: Gemini uses implicit caching only here; no explicit cache was created');
  }

  // Provider options only where routewise set nothing (reserved fields were refused when the request was checked).
  for (const [key, value] of Object.entries(googleOptionFields(request.providerOptions))) {
    if (!(key in config)) (config as Record<string, unknown>)[key] = value;
  }
  return { contents: convertMessages(request.messages, warnings), config, warnings };
}

/**
 * `maxOutputTokens` and `thinkingConfig`.
 *
 * The routewise cap covers ALL billed output, thinking included. Gemini's docs do not say whether
 * `maxOutputTokens` covers thought tokens, so when a thinking budget B > 0 is sent the visible output is
 * capped at `cap − B`: thoughts + answer then stay within the cap whether Gemini counts thoughts inside
 * `maxOutputTokens` or not. B is fitted by `fitThinkingBudget` so the answer always keeps its floor (25% of the
 * cap, at least 256 tokens): an effort's budget above `cap − floor` is lowered with a warning, and a cap with no
 * room at all is refused (`InvalidRequestError`). Budget 0 disables thinking, so the whole cap goes to the answer.
 * Without a reasoning setting no `thinkingConfig` is sent and the cap is sent as is.
 */
function outputCaps(
  request: ChatRequest,
  warnings: string[],
): Pick<GenerateContentConfig, 'maxOutputTokens' | 'thinkingConfig'> {
  const cap = Math.max(1, Math.floor(request.maxOutputTokens));
  if (!request.reasoning) return { maxOutputTokens: cap };
  if (reasoningBudget(request.reasoning) <= 0) return { maxOutputTokens: cap, thinkingConfig: { thinkingBudget: 0 } };

  const fit = fitThinkingBudget({ provider: 'Gemini', cap, reasoning: request.reasoning, minBudget: 1 });
  warnings.push(...fit.warnings);
  const thinkingConfig: ThinkingConfig = { thinkingBudget: fit.budget };
  return { maxOutputTokens: cap - fit.budget, thinkingConfig };
}

function functionCallingConfig(choice: NonNullable<ChatRequest['toolChoice']>): FunctionCallingConfig {
  // The enum's string values, so that converting a request does not load the SDK.
  if (choice === 'auto') return { mode: 'AUTO' as FunctionCallingConfigMode.AUTO };
  if (choice === 'none') return { mode: 'NONE' as FunctionCallingConfigMode.NONE };
  if (choice === 'required') return { mode: 'ANY' as FunctionCallingConfigMode.ANY };
  return { mode: 'ANY' as FunctionCallingConfigMode.ANY, allowedFunctionNames: [choice.name] };
}

/**
 * Messages → Gemini `contents` (roles `user` / `model`). Adjacent turns of the same role are merged: Gemini
 * wants the answers to parallel function calls together in one user turn.
 */
function convertMessages(messages: Message[], warnings: string[]): Content[] {
  const contents: Content[] = [];
  const toolNames = new Map<string, string>();
  const push = (role: 'user' | 'model', parts: Part[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last && last.role === role) last.parts = [...(last.parts ?? []), ...parts];
    else contents.push({ role, parts });
  };

  messages.forEach((message, index) => {
    switch (message.role) {
      case 'system':
        return; // hoisted into systemInstruction
      case 'user':
        push('user', userParts(message.content, index, warnings));
        return;
      case 'assistant':
        for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);
        push('model', assistantParts(message));
        return;
      case 'tool':
        push('user', [toolResultPart(message, toolNames, index, warnings)]);
        return;
    }
  });
  return contents;
}

function userParts(content: string | ContentPart[], index: number, warnings: string[]): Part[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  return content.map((part, partIndex) => {
    if (part.type === 'text') return { text: part.text };
    if ('data' in part) return { inlineData: { data: part.data, mimeType: part.mediaType } };
    const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(part.url);
    if (dataUrl)
      return { inlineData: { mimeType: part.mediaType ?? (dataUrl[1] as string), data: dataUrl[2] as string } };
    return {
      fileData: { fileUri: part.url, mimeType: imageMimeType(part.url, part.mediaType, index, partIndex, warnings) },
    };
  });
}

/** Gemini requires a MIME type on `fileData`: the part's own, else one guessed from the URL's extension. */
function imageMimeType(
  url: string,
  mediaType: string | undefined,
  index: number,
  partIndex: number,
  warnings: string[],
): string {
  if (mediaType) return mediaType;
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    // not an absolute URL: use it as given
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const guessed = extension ? IMAGE_TYPES[extension] : undefined;
  if (guessed) return guessed;
  warnings.push(`messages[${index}].content[${partIndex}]: image URL has no known type; sent as image/jpeg`);
  return 'image/jpeg';
}

function assistantParts(message: AssistantMessage): Part[] {
  const parts: Part[] = [];
  const texts = typeof message.content === 'string' ? [message.content] : message.content.map((p) => p.text);
  for (const text of texts) if (text.length > 0) parts.push({ text });
  (message.toolCalls ?? []).forEach((call, i) => {
    const part: Part = { functionCall: { id: call.id, name: call.name, args: call.arguments } };
    // Per the thought-signature docs the signature sits on the first function call of a step.
    if (call.signature) part.thoughtSignature = call.signature;
    else if (i === 0) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
    parts.push(part);
  });
  return parts;
}

function toolResultPart(
  message: ToolResultMessage,
  toolNames: Map<string, string>,
  index: number,
  warnings: string[],
): Part {
  let name = message.toolName ?? toolNames.get(message.toolCallId);
  if (!name) {
    warnings.push(
      `messages[${index}]: tool result "${message.toolCallId}" has no toolName and answers no earlier call; ` +
        'its id was sent as the function name',
    );
    name = message.toolCallId;
  }
  return { functionResponse: { id: message.toolCallId, name, response: functionResponseBody(message.content) } };
}

/**
 * `functionResponse.response` must be a JSON object. A JSON object result is sent as is; anything else goes
 * under `output`, the key the SDK docs name for a function's output.
 */
function functionResponseBody(content: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return { output: value };
  } catch {
    return { output: content };
  }
}

import type { ImagePart } from '../providers/spec/message.js';
import type { ChatRequest } from '../providers/spec/request.js';
import { estimateImageTokens } from './estimate-image-tokens.js';
import type { EstimateInputOptions } from './estimate-input-tokens.js';

/** Per-message framing tokens in the cheap bound. */
const MESSAGE_OVERHEAD_BOUND = 8;

/**
 * A cheap, loose upper bound on a request's input tokens with no tokenizer: no BPE token is shorter
 * than one UTF-8 byte, and a UTF-16 code unit is at most 3 UTF-8 bytes, so tokens ≤ 3 × characters.
 * Images count what the tokenizer estimate counts for them (`options`: the provider and model's formula).
 * When even this bound fits the context window, the router skips tokenizing (it is the hot path).
 */
export function inputTokensUpperBound(request: ChatRequest, options: EstimateInputOptions = {}): number {
  let chars = request.system?.length ?? 0;
  let images = 0;
  const imageTokens = (part: ImagePart) => options.imageTokens ?? estimateImageTokens(part, options);
  for (const message of request.messages) {
    chars += MESSAGE_OVERHEAD_BOUND;
    if (typeof message.content === 'string') chars += message.content.length;
    else {
      for (const part of message.content) {
        if (part.type === 'text') chars += part.text.length;
        else images += imageTokens(part);
      }
    }
    if (message.role === 'assistant' && message.toolCalls) chars += JSON.stringify(message.toolCalls).length;
  }
  if (request.tools) chars += JSON.stringify(request.tools).length + 512;
  if (request.output) chars += JSON.stringify(request.output.schema).length + 512;
  return chars * 3 + images;
}

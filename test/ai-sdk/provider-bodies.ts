// Realistic provider bodies for the AI SDK tests, shaped like the recorded fixtures in src/providers/*/__fixtures__
// (usage fields included), built per request so a test can answer with its own text or tool call.

let counter = 0;
const nextId = () => (++counter).toString(36).padStart(6, '0');

/** An OpenAI Chat Completions response. */
export function openaiCompletion(options: {
  text?: string | null;
  toolCalls?: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  reasoningTokens?: number;
  finishReason?: string;
}) {
  const toolCalls = options.toolCalls ?? [];
  return {
    id: `chatcmpl-${nextId()}`,
    object: 'chat.completion',
    created: 1763884800,
    model: options.model ?? 'gpt-4.1-mini-2025-04-14',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: options.text === undefined ? null : options.text,
          ...(toolCalls.length > 0
            ? {
                tool_calls: toolCalls.map((call) => ({
                  id: call.id,
                  type: 'function',
                  function: { name: call.name, arguments: JSON.stringify(call.arguments) },
                })),
              }
            : {}),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: options.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
      },
    ],
    usage: {
      prompt_tokens: options.promptTokens ?? 19,
      completion_tokens: options.completionTokens ?? 8,
      total_tokens: (options.promptTokens ?? 19) + (options.completionTokens ?? 8),
      prompt_tokens_details: { cached_tokens: options.cachedTokens ?? 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: options.reasoningTokens ?? 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_6f2eabb9a5',
  };
}

/** The SSE blocks of an OpenAI Chat Completions stream with `stream_options.include_usage`. */
export function openaiStreamBlocks(options: {
  deltas?: string[];
  toolCall?: { id: string; name: string; arguments: string[] };
  model?: string;
  promptTokens?: number;
  completionTokens?: number;
}): string[] {
  const id = `chatcmpl-${nextId()}`;
  const model = options.model ?? 'gpt-4.1-mini-2025-04-14';
  const chunk = (delta: unknown, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: 1763885040,
      model,
      service_tier: 'default',
      system_fingerprint: 'fp_6f2eabb9a5',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    })}`;
  const blocks = [chunk({ role: 'assistant', content: '', refusal: null })];
  for (const text of options.deltas ?? []) blocks.push(chunk({ content: text }));
  if (options.toolCall) {
    const { id: callId, name, arguments: pieces } = options.toolCall;
    blocks.push(chunk({ tool_calls: [{ index: 0, id: callId, type: 'function', function: { name, arguments: '' } }] }));
    for (const piece of pieces) blocks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
  }
  blocks.push(chunk({}, options.toolCall ? 'tool_calls' : 'stop'));
  blocks.push(
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created: 1763885040,
      model,
      choices: [],
      usage: {
        prompt_tokens: options.promptTokens ?? 12,
        completion_tokens: options.completionTokens ?? 6,
        total_tokens: (options.promptTokens ?? 12) + (options.completionTokens ?? 6),
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    })}`,
  );
  blocks.push('data: [DONE]');
  return blocks;
}

/** An Anthropic Messages response. */
export function anthropicMessage(options: {
  text: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
}) {
  return {
    id: `msg_${nextId()}`,
    type: 'message',
    role: 'assistant',
    model: options.model ?? 'claude-haiku-4-5-20251001',
    content: [{ type: 'text', text: options.text, citations: null }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: options.inputTokens ?? 14,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: options.outputTokens ?? 9,
      service_tier: 'standard',
    },
  };
}

/** The SSE blocks of an Anthropic Messages stream. */
export function anthropicStreamBlocks(options: { deltas: string[]; model?: string }): string[] {
  const event = (name: string, data: unknown) => `event: ${name}\ndata: ${JSON.stringify(data)}`;
  const usage = { input_tokens: 14, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 };
  return [
    event('message_start', {
      type: 'message_start',
      message: {
        id: `msg_${nextId()}`,
        type: 'message',
        role: 'assistant',
        model: options.model ?? 'claude-haiku-4-5-20251001',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage,
      },
    }),
    event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    ...options.deltas.map((text) =>
      event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }),
    ),
    event('content_block_stop', { type: 'content_block_stop', index: 0 }),
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { ...usage, output_tokens: 11 },
    }),
    event('message_stop', { type: 'message_stop' }),
  ];
}

/** OpenAI's 503 body. */
export const OPENAI_503 = {
  error: { message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null },
};

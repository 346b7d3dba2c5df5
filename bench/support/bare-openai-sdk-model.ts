import type { LanguageModelV4, LanguageModelV4CallOptions, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type OpenAI from 'openai';

/**
 * The least an AI SDK model standing on the official `openai` SDK can do, for the overhead bench's floor: text
 * prompts to Chat Completions messages, one `chat.completions.create`, the text, finish reason and usage back. No
 * routing, no pricing, no retries, no tools: any model built on the `openai` SDK, routewise's included, costs at
 * least this under `generateText`.
 */
export function bareOpenAISdkModel(sdk: OpenAI, model: string): LanguageModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'bare-openai-sdk',
    modelId: model,
    supportedUrls: {},
    async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
      const messages = options.prompt.map((message) => ({
        role: message.role as 'system' | 'user',
        content:
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part) => (part.type === 'text' ? part.text : '')).join(''),
      }));
      const completion = await sdk.chat.completions.create(
        {
          model,
          messages,
          ...(options.maxOutputTokens !== undefined ? { max_completion_tokens: options.maxOutputTokens } : {}),
        },
        { maxRetries: 0, timeout: 600_000, ...(options.abortSignal ? { signal: options.abortSignal } : {}) },
      );
      const choice = completion.choices[0]!;
      const usage = completion.usage;
      return {
        content: choice.message.content ? [{ type: 'text', text: choice.message.content }] : [],
        finishReason: { unified: choice.finish_reason === 'length' ? 'length' : 'stop', raw: choice.finish_reason },
        usage: {
          inputTokens: { total: usage?.prompt_tokens, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
          outputTokens: { total: usage?.completion_tokens, text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
    doStream() {
      throw new Error('bareOpenAISdkModel does not stream');
    },
  };
}

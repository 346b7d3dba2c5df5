/**
 * `gen_ai.provider.name` per routewise adapter name, as the GenAI semantic conventions spell them (`gcp.gemini` for
 * the Gemini API, `x_ai`, `mistral_ai`…; never the deprecated `gen_ai.system`). A host the conventions do not list
 * keeps its adapter name (`together`, `vllm`…), as they allow.
 */
const PROVIDER_NAMES: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'gcp.gemini',
  deepseek: 'deepseek',
  groq: 'groq',
  xai: 'x_ai',
  mistral: 'mistral_ai',
  perplexity: 'perplexity',
  cohere: 'cohere',
};

/** The conventions' provider name of an adapter. */
export function genAiProviderName(adapterName: string): string {
  return PROVIDER_NAMES[adapterName] ?? adapterName;
}

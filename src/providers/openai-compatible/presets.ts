import type OpenAI from 'openai';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';
import { type OpenAICompatibleProviderOptions, openaiCompatible } from './openai-compatible-provider.js';

/** Options of a preset: the key defaults to the host's usual environment variable, the base URL to its documented one. */
export type OpenAICompatiblePresetOptions = ProviderOptions<OpenAI> & Pick<OpenAICompatibleProviderOptions, 'headers'>;

interface Preset {
  name: string;
  baseURL: string;
  envKey?: string;
  priceProviderId?: string;
}

function preset(spec: Preset, options: OpenAICompatiblePresetOptions): ProviderAdapter {
  return openaiCompatible({
    ...options,
    name: spec.name,
    baseURL: options.baseURL ?? spec.baseURL,
    apiKey: options.apiKey ?? (spec.envKey ? process.env[spec.envKey] : undefined),
    priceProviderId: spec.priceProviderId,
  });
}

/** DeepSeek (`https://api.deepseek.com/v1`, key from `DEEPSEEK_API_KEY`). Cache hits come as `prompt_cache_hit_tokens`. */
export function deepseek(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'deepseek',
      baseURL: 'https://api.deepseek.com/v1',
      envKey: 'DEEPSEEK_API_KEY',
      priceProviderId: 'deepseek',
    },
    options,
  );
}

/** Groq (`https://api.groq.com/openai/v1`, key from `GROQ_API_KEY`). */
export function groq(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    { name: 'groq', baseURL: 'https://api.groq.com/openai/v1', envKey: 'GROQ_API_KEY', priceProviderId: 'groq' },
    options,
  );
}

/** Together AI (`https://api.together.xyz/v1`, key from `TOGETHER_API_KEY`). */
export function together(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'together',
      baseURL: 'https://api.together.xyz/v1',
      envKey: 'TOGETHER_API_KEY',
      priceProviderId: 'together',
    },
    options,
  );
}

/** Fireworks AI (`https://api.fireworks.ai/inference/v1`, key from `FIREWORKS_API_KEY`). */
export function fireworks(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'fireworks',
      baseURL: 'https://api.fireworks.ai/inference/v1',
      envKey: 'FIREWORKS_API_KEY',
      priceProviderId: 'fireworks',
    },
    options,
  );
}

/** OpenRouter (`https://openrouter.ai/api/v1`, key from `OPENROUTER_API_KEY`). */
export function openrouter(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      envKey: 'OPENROUTER_API_KEY',
      priceProviderId: 'openrouter',
    },
    options,
  );
}

/** A local vLLM server (default `http://localhost:8000/v1`); no key, no catalog price. */
export function vllm(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset({ name: 'vllm', baseURL: 'http://localhost:8000/v1' }, options);
}

/** A local Ollama server (default `http://localhost:11434/v1`); no key, no catalog price. */
export function ollama(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset({ name: 'ollama', baseURL: 'http://localhost:11434/v1' }, options);
}

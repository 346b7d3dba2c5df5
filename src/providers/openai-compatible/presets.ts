import type OpenAI from 'openai';
import type { ProviderAdapter, ProviderOptions } from '../spec/provider.js';
import type { MaxTokensField } from '../openai/openai-chat-dialect.js';
import { type OpenAICompatibleProviderOptions, openaiCompatible } from './openai-compatible-provider.js';

/** Options of a preset: the key defaults to the host's usual environment variable, the base URL to its documented one. */
export type OpenAICompatiblePresetOptions = ProviderOptions<OpenAI> &
  Pick<OpenAICompatibleProviderOptions, 'headers' | 'maxTokensField'>;

interface Preset {
  name: string;
  baseURL: string;
  envKey?: string;
  priceProviderId?: string;
  /** The cap field(s) the host's own API reference documents. */
  maxTokensField: MaxTokensField;
  /** The host's documented stop-sequence limit, when it documents one. */
  maxStopSequences?: number;
}

function preset(spec: Preset, options: OpenAICompatiblePresetOptions): ProviderAdapter {
  return openaiCompatible({
    ...options,
    name: spec.name,
    baseURL: options.baseURL ?? spec.baseURL,
    apiKey: options.apiKey ?? (spec.envKey ? process.env[spec.envKey] : undefined),
    priceProviderId: spec.priceProviderId,
    maxTokensField: options.maxTokensField ?? spec.maxTokensField,
    ...(spec.maxStopSequences !== undefined ? { maxStopSequences: spec.maxStopSequences } : {}),
  });
}

/**
 * DeepSeek (`https://api.deepseek.com/v1`, key from `DEEPSEEK_API_KEY`). Cache hits come as `prompt_cache_hit_tokens`.
 * Its API reference documents `max_tokens` only, and up to 16 stop sequences.
 */
export function deepseek(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'deepseek',
      baseURL: 'https://api.deepseek.com/v1',
      envKey: 'DEEPSEEK_API_KEY',
      priceProviderId: 'deepseek',
      maxTokensField: 'max_tokens',
      maxStopSequences: 16,
    },
    options,
  );
}

/**
 * Groq (`https://api.groq.com/openai/v1`, key from `GROQ_API_KEY`). Its API reference documents both
 * `max_completion_tokens` and the older `max_tokens` (both are sent), and up to 4 stop sequences.
 */
export function groq(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'groq',
      baseURL: 'https://api.groq.com/openai/v1',
      envKey: 'GROQ_API_KEY',
      priceProviderId: 'groq',
      maxTokensField: 'both',
      maxStopSequences: 4,
    },
    options,
  );
}

/** Together AI (`https://api.together.xyz/v1`, key from `TOGETHER_API_KEY`). Its API reference documents `max_tokens`. */
export function together(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'together',
      baseURL: 'https://api.together.xyz/v1',
      envKey: 'TOGETHER_API_KEY',
      priceProviderId: 'together',
      maxTokensField: 'max_tokens',
    },
    options,
  );
}

/**
 * Fireworks AI (`https://api.fireworks.ai/inference/v1`, key from `FIREWORKS_API_KEY`). Its API reference documents
 * `max_tokens` (default 200 when absent).
 */
export function fireworks(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'fireworks',
      baseURL: 'https://api.fireworks.ai/inference/v1',
      envKey: 'FIREWORKS_API_KEY',
      priceProviderId: 'fireworks',
      maxTokensField: 'max_tokens',
    },
    options,
  );
}

/** OpenRouter (`https://openrouter.ai/api/v1`, key from `OPENROUTER_API_KEY`). Its request schema documents `max_tokens`. */
export function openrouter(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset(
    {
      name: 'openrouter',
      baseURL: 'https://openrouter.ai/api/v1',
      envKey: 'OPENROUTER_API_KEY',
      priceProviderId: 'openrouter',
      maxTokensField: 'max_tokens',
    },
    options,
  );
}

/**
 * A local vLLM server (default `http://localhost:8000/v1`); no key, no catalog price. Older vLLM reads only
 * `max_tokens`, newer also `max_completion_tokens`, and it ignores fields it does not know: both are sent.
 */
export function vllm(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset({ name: 'vllm', baseURL: 'http://localhost:8000/v1', maxTokensField: 'both' }, options);
}

/**
 * A local Ollama server (default `http://localhost:11434/v1`); no key, no catalog price. Its OpenAI-compatibility
 * page lists `max_tokens` among the supported request fields, not `max_completion_tokens`.
 */
export function ollama(options: OpenAICompatiblePresetOptions = {}): ProviderAdapter {
  return preset({ name: 'ollama', baseURL: 'http://localhost:11434/v1', maxTokensField: 'max_tokens' }, options);
}

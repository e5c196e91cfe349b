import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RedisService, type AppConfig } from '@app/shared';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import type { ChatModel, ModelEngine } from './chat-model.js';
import { ModelRateLimiter, type RedisKeyspace } from './model-rate-limiter.js';
import { OpenAIChatModel, type StructuredOutputMode } from './openai-chat.model.js';

/** Injection token of the process's ChatModel: `@Inject(CHAT_MODEL) model: ChatModel`. */
export const CHAT_MODEL = Symbol('CHAT_MODEL');

export interface ChatModelSettings {
  provider?: ModelEngine;
  openaiApiKey?: string;
  openaiBaseUrl: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  structuredOutput: StructuredOutputMode;
  /** 0 = no shared limit on calls in flight. */
  maxConcurrency: number;
  /** 0 = no shared limit on tokens per minute. */
  tokensPerMinute: number;
  rateLimitMaxWaitMs: number;
}

export const CHAT_MODEL_DEFAULTS = {
  timeoutMs: 60_000,
  maxRetries: 2,
  structuredOutput: 'json_schema',
  maxConcurrency: 0,
  tokensPerMinute: 0,
  rateLimitMaxWaitMs: 120_000,
} as const satisfies Partial<ChatModelSettings>;

/** LLM_PROVIDER when set; otherwise openai when a key is configured, else the offline extractive engine. */
export function selectEngine(settings: Pick<ChatModelSettings, 'provider' | 'openaiApiKey'>): ModelEngine {
  return settings.provider ?? (settings.openaiApiKey ? 'openai' : 'extractive');
}

export function createChatModel(settings: ChatModelSettings, redis?: RedisKeyspace): ChatModel {
  if (selectEngine(settings) === 'extractive') return new ExtractiveEngine();
  if (!settings.openaiApiKey) {
    throw new Error('OPENAI_API_KEY: must be set when LLM_PROVIDER is openai (any value for servers without keys)');
  }
  const limited = redis && (settings.maxConcurrency > 0 || settings.tokensPerMinute > 0);
  return new OpenAIChatModel({
    baseURL: settings.openaiBaseUrl,
    apiKey: settings.openaiApiKey,
    model: settings.model,
    timeoutMs: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    structuredOutput: settings.structuredOutput,
    limiter: limited
      ? new ModelRateLimiter(redis, {
          provider: new URL(settings.openaiBaseUrl).host,
          model: settings.model,
          maxConcurrency: settings.maxConcurrency,
          tokensPerMinute: settings.tokensPerMinute,
          maxWaitMs: settings.rateLimitMaxWaitMs,
        })
      : undefined,
  });
}

export function readChatModelSettings(config: AppConfig): ChatModelSettings {
  // TODO(lead): the LLM_* tuning variables below are not in EnvironmentVariables yet; once they are,
  // read them typed like the others. Until then they are read and checked here.
  const untyped = config as unknown as ConfigService;
  const integer = (name: string, fallback: number): number => {
    const raw = untyped.get<unknown>(name);
    if (raw === undefined || raw === '') return fallback;
    const value = typeof raw === 'number' ? raw : /^\d+$/.test(String(raw).trim()) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name}: must be a whole number ≥ 0`);
    return value;
  };
  const structuredOutput = untyped.get<string>('LLM_STRUCTURED_OUTPUT') || CHAT_MODEL_DEFAULTS.structuredOutput;
  if (structuredOutput !== 'json_schema' && structuredOutput !== 'json_object') {
    throw new Error('LLM_STRUCTURED_OUTPUT: must be one of json_schema, json_object');
  }
  return {
    provider: config.get('LLM_PROVIDER', { infer: true }),
    openaiApiKey: config.get('OPENAI_API_KEY', { infer: true }),
    openaiBaseUrl: config.get('OPENAI_BASE_URL', { infer: true }),
    model: config.get('LLM_MODEL', { infer: true }),
    timeoutMs: integer('LLM_TIMEOUT_MS', CHAT_MODEL_DEFAULTS.timeoutMs),
    maxRetries: integer('LLM_MAX_RETRIES', CHAT_MODEL_DEFAULTS.maxRetries),
    structuredOutput,
    maxConcurrency: integer('LLM_MAX_CONCURRENCY', CHAT_MODEL_DEFAULTS.maxConcurrency),
    tokensPerMinute: integer('LLM_TOKENS_PER_MINUTE', CHAT_MODEL_DEFAULTS.tokensPerMinute),
    rateLimitMaxWaitMs: integer('LLM_RATE_LIMIT_MAX_WAIT_MS', CHAT_MODEL_DEFAULTS.rateLimitMaxWaitMs),
  };
}

/** The ChatModel chosen by configuration, for AiModule's providers/exports. */
export const chatModelProvider: FactoryProvider<ChatModel> = {
  provide: CHAT_MODEL,
  inject: [ConfigService, RedisService],
  useFactory: (config: AppConfig, redis: RedisService) => createChatModel(readChatModelSettings(config), redis),
};

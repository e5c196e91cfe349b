import type { FactoryProvider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { modelsConfig, RedisService } from '@app/shared';
import { aiConfig } from '../ai.config.js';
import { ExtractiveEngine } from '../extractive/extractive.engine.js';
import type { ChatModel, ModelEngine } from './chat-model.js';
import { ModelRateLimiter, type RedisKeyspace } from './model-rate-limiter.js';
import { OpenAIChatModel, type StructuredOutputMode } from './openai-chat.model.js';

/** Injection token of the process's ChatModel: `@Inject(CHAT_MODEL) model: ChatModel`. */
export const CHAT_MODEL = Symbol('CHAT_MODEL');

export interface ChatModelSettings {
  engine: ModelEngine;
  /** The named provider (MODEL_PROVIDERS) the endpoint is; openai when absent. */
  provider?: string;
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

export function createChatModel(settings: ChatModelSettings, redis?: RedisKeyspace): ChatModel {
  if (settings.engine === 'extractive') return new ExtractiveEngine();
  // The models slice already refuses this at start; a direct caller gets the same message.
  if (!settings.openaiApiKey) {
    throw new Error('OPENAI_API_KEY: must be set when LLM_PROVIDER is openai (any value for servers without keys)');
  }
  const limited = redis && (settings.maxConcurrency > 0 || settings.tokensPerMinute > 0);
  return new OpenAIChatModel({
    baseURL: settings.openaiBaseUrl,
    apiKey: settings.openaiApiKey,
    model: settings.model,
    ...(settings.provider ? { provider: settings.provider } : {}),
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

/** The chat model's settings from the models slice (engine, endpoint) and the ai slice (model, limits). */
export function chatModelSettings(models: ConfigType<typeof modelsConfig>, ai: ConfigType<typeof aiConfig>): ChatModelSettings {
  return { engine: models.chatEngine, openaiApiKey: models.openai.apiKey, openaiBaseUrl: models.openai.baseUrl, ...ai.chat };
}

/** The ChatModel chosen by configuration, for AiModule's providers/exports. */
export const chatModelProvider: FactoryProvider<ChatModel> = {
  provide: CHAT_MODEL,
  inject: [modelsConfig.KEY, aiConfig.KEY, RedisService],
  useFactory: (models: ConfigType<typeof modelsConfig>, ai: ConfigType<typeof aiConfig>, redis: RedisService) =>
    createChatModel(chatModelSettings(models, ai), redis),
};

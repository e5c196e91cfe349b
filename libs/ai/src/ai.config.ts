import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { defineConfig, toInt } from '@app/shared';
import type { StructuredOutputMode } from './models/openai-chat.model.js';

/** The chat model's defaults: the environment's, and the model classes' when built without a value. */
export const CHAT_MODEL_DEFAULTS = {
  model: 'gpt-4o-mini',
  timeoutMs: 60_000,
  maxRetries: 2,
  structuredOutput: 'json_schema' as StructuredOutputMode,
  maxConcurrency: 0,
  tokensPerMinute: 0,
  rateLimitMaxWaitMs: 120_000,
};

class AiVariables {
  @IsString()
  @MinLength(1)
  LLM_MODEL = CHAT_MODEL_DEFAULTS.model;

  /** How long one model HTTP attempt may take. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  LLM_TIMEOUT_MS = CHAT_MODEL_DEFAULTS.timeoutMs;

  /** SDK retries on 408/409/429/5xx, timeouts and connection errors, honouring Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  LLM_MAX_RETRIES = CHAT_MODEL_DEFAULTS.maxRetries;

  /** json_object for servers that ignore json_schema (the schema then goes into the prompt). */
  @IsIn(['json_schema', 'json_object'])
  LLM_STRUCTURED_OUTPUT = CHAT_MODEL_DEFAULTS.structuredOutput;

  /** Model calls in flight at once across all processes, per provider host and model; 0 = no limit. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_MAX_CONCURRENCY = CHAT_MODEL_DEFAULTS.maxConcurrency;

  /** Shared tokens-per-minute budget per provider host and model; 0 = no limit. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_TOKENS_PER_MINUTE = CHAT_MODEL_DEFAULTS.tokensPerMinute;

  /** Longest wait for a model slot before the call fails as rate_limited. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  LLM_RATE_LIMIT_MAX_WAIT_MS = CHAT_MODEL_DEFAULTS.rateLimitMaxWaitMs;

  /** Size asked of the image model, WIDTHxHEIGHT. */
  @Matches(/^\d{3,4}x\d{3,4}$/, { message: 'IMAGE_SIZE must look like 1024x1024' })
  IMAGE_SIZE = '1024x1024';

  /** How long one image generation may take (they are slow). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  IMAGE_TIMEOUT_MS = 120_000;

  /** Most images one post gets (chapters past it get none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(50)
  IMAGES_MAX_PER_POST = 10;

  /** Largest generated image accepted, in bytes (decoded); a bigger answer leaves the chapter without an image. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMAGE_MAX_BYTES = 20 * 1024 * 1024;

  /** Bytes one post's images may take in storage, originals and variants together. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  IMAGES_MAX_TOTAL_BYTES = 100 * 1024 * 1024;

  /** Images of one post chosen or generated at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(8)
  IMAGE_CONCURRENCY = 2;

  /** Chapters of one generate_blog job written at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  CHAPTER_CONCURRENCY = 3;
}

/** How the AI lib uses its models: the chat model and its limits, image generation and post limits, pipeline concurrency. */
export const aiConfig = defineConfig('ai', {
  variables: AiVariables,
  map: (env) => ({
    chat: {
      model: env.LLM_MODEL,
      timeoutMs: env.LLM_TIMEOUT_MS,
      maxRetries: env.LLM_MAX_RETRIES,
      structuredOutput: env.LLM_STRUCTURED_OUTPUT,
      maxConcurrency: env.LLM_MAX_CONCURRENCY,
      tokensPerMinute: env.LLM_TOKENS_PER_MINUTE,
      rateLimitMaxWaitMs: env.LLM_RATE_LIMIT_MAX_WAIT_MS,
    },
    images: {
      size: env.IMAGE_SIZE,
      timeoutMs: env.IMAGE_TIMEOUT_MS,
      maxPerPost: env.IMAGES_MAX_PER_POST,
      maxBytes: env.IMAGE_MAX_BYTES,
      maxTotalBytes: env.IMAGES_MAX_TOTAL_BYTES,
      concurrency: env.IMAGE_CONCURRENCY,
    },
    chapterConcurrency: env.CHAPTER_CONCURRENCY,
  }),
});

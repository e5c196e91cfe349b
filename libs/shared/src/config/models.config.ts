import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl } from 'class-validator';
import { defineConfig } from './config-slice.js';
import { emptyToUndefined, LOCAL_URL } from './env-transforms.js';

export const MODEL_ENGINES = ['openai', 'extractive'] as const;
export type ModelEngine = (typeof MODEL_ENGINES)[number];

class ModelsVariables {
  /** Model engine; empty means openai when OPENAI_API_KEY is set, else the offline extractive engine. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(MODEL_ENGINES)
  LLM_PROVIDER?: ModelEngine;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsUrl(LOCAL_URL)
  OPENAI_BASE_URL = 'https://api.openai.com/v1';

  /** Image model for chapter images (e.g. gpt-image-1, dall-e-3); empty = no generation (a chapter gets the user's matching image or the spec alone). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAGE_MODEL?: string;

  /** OpenAI-compatible images endpoint when it is not the chat model's; defaults to OPENAI_BASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(LOCAL_URL)
  IMAGE_BASE_URL?: string;

  /** Key for IMAGE_BASE_URL; defaults to OPENAI_API_KEY. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  IMAGE_API_KEY?: string;
}

/**
 * Which models run and where they are reached: the chat engine, the OpenAI-compatible endpoint and
 * the image model. Shared because three libs decide from it: ai calls the models, ingestion's
 * transcription falls back to the endpoint, billing charges only for models that cost money.
 */
export const modelsConfig = defineConfig('models', {
  variables: ModelsVariables,
  rules: (env) => {
    const problems: string[] = [];
    if (env.LLM_PROVIDER === 'openai' && !env.OPENAI_API_KEY) {
      problems.push('OPENAI_API_KEY: must be set when LLM_PROVIDER is openai (any value for servers without keys)');
    }
    if (env.IMAGE_MODEL && !env.IMAGE_API_KEY && !env.OPENAI_API_KEY) {
      problems.push('IMAGE_API_KEY: must be set (or OPENAI_API_KEY) when IMAGE_MODEL is set; any value for servers without keys');
    }
    return problems;
  },
  map: (env) => ({
    /** LLM_PROVIDER when set; otherwise openai when a key is configured, else the offline extractive engine. */
    chatEngine: env.LLM_PROVIDER ?? (env.OPENAI_API_KEY ? 'openai' : 'extractive'),
    openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL },
    /** Absent when IMAGE_MODEL is empty: no image is generated. */
    images: env.IMAGE_MODEL
      ? {
          model: env.IMAGE_MODEL,
          baseUrl: env.IMAGE_BASE_URL ?? env.OPENAI_BASE_URL,
          // The rule above guarantees one of the two.
          apiKey: env.IMAGE_API_KEY ?? env.OPENAI_API_KEY ?? '',
        }
      : undefined,
  }),
});

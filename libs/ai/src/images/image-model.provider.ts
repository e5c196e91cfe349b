import type { FactoryProvider } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { modelsConfig } from '@app/shared';
import { aiConfig } from '../ai.config.js';
import { IMAGE_MODEL, type ImageModel } from './image-model.js';
import { OpenAIImageModel } from './openai-image.model.js';

const IMAGE_MAX_RETRIES = 2;

/** The configured image model, or null when IMAGE_MODEL is empty (chapters then get chosen images or specs only). */
export function createImageModel(models: ConfigType<typeof modelsConfig>, ai: ConfigType<typeof aiConfig>): ImageModel | null {
  if (!models.images) return null;
  return new OpenAIImageModel({
    baseURL: models.images.baseUrl,
    apiKey: models.images.apiKey,
    model: models.images.model,
    size: ai.images.size,
    timeoutMs: ai.images.timeoutMs,
    maxRetries: IMAGE_MAX_RETRIES,
    maxBytes: ai.images.maxBytes,
  });
}

export const imageModelProvider: FactoryProvider<ImageModel | null> = {
  provide: IMAGE_MODEL,
  inject: [modelsConfig.KEY, aiConfig.KEY],
  useFactory: createImageModel,
};

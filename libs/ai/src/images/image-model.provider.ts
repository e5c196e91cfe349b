import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '@app/shared';
import { IMAGE_MODEL, type ImageModel } from './image-model.js';
import { OpenAIImageModel } from './openai-image.model.js';

const IMAGE_MAX_RETRIES = 2;

/** The configured image model, or null when IMAGE_MODEL is empty (chapters then get chosen images or specs only). */
export function createImageModel(config: AppConfig): ImageModel | null {
  const model = config.get('IMAGE_MODEL', { infer: true });
  if (!model) return null;
  return new OpenAIImageModel({
    baseURL: config.get('IMAGE_BASE_URL', { infer: true }) ?? config.get('OPENAI_BASE_URL', { infer: true }),
    // The environment check guarantees one of the two when IMAGE_MODEL is set.
    apiKey: config.get('IMAGE_API_KEY', { infer: true }) ?? config.get('OPENAI_API_KEY', { infer: true }) ?? '',
    model,
    size: config.get('IMAGE_SIZE', { infer: true }),
    timeoutMs: config.get('IMAGE_TIMEOUT_MS', { infer: true }),
    maxRetries: IMAGE_MAX_RETRIES,
    maxBytes: config.get('IMAGE_MAX_BYTES', { infer: true }),
  });
}

export const imageModelProvider: FactoryProvider<ImageModel | null> = {
  provide: IMAGE_MODEL,
  inject: [ConfigService],
  useFactory: createImageModel,
};

import { performance } from 'node:perf_hooks';
import type OpenAI from 'openai';
import type { ImagesResponse } from 'openai/resources/images';
import { lazyPackage } from '@app/shared';
import { type GeneratedImage, ImageGenerationError, type ImageModel } from './image-model.js';

/** Loaded when an image model is configured, not at every start. */
const openai = lazyPackage<typeof import('openai')>('openai');

export interface OpenAIImageModelOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  size: string;
  timeoutMs: number;
  maxRetries: number;
  /** Largest decoded image accepted. */
  maxBytes: number;
}

/** dall-e-2/3 answer with a URL unless asked for base64; gpt-image models always send base64 and refuse the parameter. */
function wantsResponseFormat(model: string): boolean {
  return /^dall-e/i.test(model);
}

/** Images through an OpenAI-compatible `POST /images/generations`, one image per call, base64 in the answer. */
export class OpenAIImageModel implements ImageModel {
  readonly model: string;
  readonly size: string;
  private readonly client: OpenAI;

  constructor(private readonly options: OpenAIImageModelOptions) {
    this.model = options.model;
    this.size = options.size;
    this.client = new (openai().OpenAI)({ baseURL: options.baseURL, apiKey: options.apiKey, timeout: options.timeoutMs, maxRetries: options.maxRetries });
  }

  async generate(prompt: string, signal?: AbortSignal): Promise<GeneratedImage> {
    const started = performance.now();
    let response: ImagesResponse;
    try {
      response = await this.client.images.generate(
        { model: this.model, prompt, n: 1, size: this.size as '1024x1024', ...(wantsResponseFormat(this.model) ? { response_format: 'b64_json' as const } : {}) },
        { signal },
      );
    } catch (error) {
      throw toGenerationError(error, signal, Math.round(performance.now() - started));
    }
    const latencyMs = Math.round(performance.now() - started);
    const data = this.decode(response, latencyMs);
    return {
      data,
      model: this.model,
      size: this.size,
      latencyMs,
      tokensIn: response.usage?.input_tokens ?? 0,
      tokensOut: response.usage?.output_tokens ?? 0,
    };
  }

  private decode(response: ImagesResponse, latencyMs: number): Buffer {
    const b64 = response.data?.[0]?.b64_json;
    if (typeof b64 !== 'string' || b64.length === 0) {
      throw new ImageGenerationError('invalid_response', 'the images API answered without a base64 image', latencyMs);
    }
    // Base64 is 4 characters per 3 bytes: refuse before decoding what would be too big.
    if (Math.floor((b64.length * 3) / 4) > this.options.maxBytes + 2) {
      throw new ImageGenerationError('too_large', `the generated image is larger than ${this.options.maxBytes} bytes`, latencyMs);
    }
    const data = Buffer.from(b64, 'base64');
    if (data.length === 0) throw new ImageGenerationError('invalid_response', 'the generated image is empty', latencyMs);
    return data;
  }
}

function toGenerationError(error: unknown, signal: AbortSignal | undefined, latencyMs: number): unknown {
  // A canceled job's abort is not a provider failure.
  if (signal?.aborted) return signal.reason ?? error;
  const { APIConnectionTimeoutError, APIError, APIUserAbortError, RateLimitError } = openai();
  if (error instanceof APIUserAbortError) return error;
  let mapped: ImageGenerationError;
  if (error instanceof APIConnectionTimeoutError) {
    mapped = new ImageGenerationError('timeout', 'the image model did not answer in time', latencyMs);
  } else if (error instanceof RateLimitError) {
    mapped = new ImageGenerationError('rate_limited', 'the image model is rate limited', latencyMs);
  } else if (error instanceof APIError && error.status === 400 && /content_policy|moderation|safety/i.test(`${error.code ?? ''} ${error.type ?? ''}`)) {
    mapped = new ImageGenerationError('refused', 'the image model refused the prompt', latencyMs);
  } else if (error instanceof APIError) {
    const code = error.code ?? error.type;
    mapped = new ImageGenerationError('provider_error', `the images API answered ${error.status}${code ? ` (${code})` : ''}`, latencyMs);
  } else {
    mapped = new ImageGenerationError('provider_error', 'image generation failed', latencyMs);
  }
  mapped.cause = error;
  return mapped;
}

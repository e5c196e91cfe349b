/** Injection token of the process's ImageModel, or null when no image model is configured. */
export const IMAGE_MODEL = Symbol('IMAGE_MODEL');

export interface GeneratedImage {
  /** The image file as the provider sent it (PNG, JPEG or WebP). */
  data: Buffer;
  model: string;
  /** WIDTHxHEIGHT asked for. */
  size: string;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
}

/** Generates one image from a prompt (an OpenAI-compatible images API today). */
export interface ImageModel {
  readonly model: string;
  readonly size: string;
  generate(prompt: string, signal?: AbortSignal): Promise<GeneratedImage>;
}

export type ImageGenerationErrorCode = 'provider_error' | 'rate_limited' | 'timeout' | 'refused' | 'invalid_response' | 'too_large';

/** A generation that gave no usable image; the chapter then goes without one. */
export class ImageGenerationError extends Error {
  constructor(
    readonly code: ImageGenerationErrorCode,
    message: string,
    /** Time spent before the failure, for the usage event. */
    readonly latencyMs = 0,
  ) {
    super(message);
    this.name = 'ImageGenerationError';
  }
}

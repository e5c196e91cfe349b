import { Inject, Injectable, Optional } from '@nestjs/common';
import type sharpType from 'sharp';
import type { Metadata, OutputInfo, Sharp } from 'sharp';
import { lazyPackage } from '@app/shared';
import { STORAGE, withLocalPath, type FileInput, type FileStorage } from '../storage/file-storage.js';
import { ImageError } from './image.error.js';

/** sharp (libvips, ~21 MiB) loads with the first image, not with the API process. */
const sharp = lazyPackage<typeof sharpType>('sharp');

export const IMAGE_OPTIMIZER_OPTIONS = Symbol('IMAGE_OPTIMIZER_OPTIONS');

export type ImageVariantFormat = 'webp' | 'avif';

export interface ImageOptimizerOptions {
  /** Largest width × height decoded; bigger images (decompression bombs) fail with `image_too_large`. */
  limitInputPixels?: number;
  widths?: readonly number[];
  formats?: readonly ImageVariantFormat[];
}

export interface ImageVariant {
  format: ImageVariantFormat;
  width: number;
  height: number;
  bytes: number;
  key: string;
  mime: string;
}

export interface OptimizedImage {
  /** Dimensions as displayed, i.e. after the EXIF orientation is applied. */
  width: number;
  height: number;
  mime: string;
  variants: ImageVariant[];
}

export const DEFAULT_LIMIT_INPUT_PIXELS = 50_000_000;
export const DEFAULT_VARIANT_WIDTHS: readonly number[] = [320, 768, 1280, 1920];
const DEFAULT_FORMATS: readonly ImageVariantFormat[] = ['webp', 'avif'];

const ACCEPTED_INPUT = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif', 'image/tiff']);
const OUTPUT_MIME: Record<ImageVariantFormat, string> = { webp: 'image/webp', avif: 'image/avif' };

/** The widths to produce for a source of `sourceWidth`: never upscaled, and at least one. */
export function variantWidths(sourceWidth: number, widths: readonly number[] = DEFAULT_VARIANT_WIDTHS): number[] {
  const fitting = [...new Set(widths)].filter((width) => width <= sourceWidth).sort((a, b) => a - b);
  return fitting.length > 0 ? fitting : [sourceWidth];
}

/**
 * Turns an uploaded image into web variants: EXIF orientation applied, every piece of
 * metadata (EXIF, GPS, XMP, ICC) dropped, WebP and AVIF at the standard widths.
 */
@Injectable()
export class ImageOptimizer {
  private readonly limitInputPixels: number;
  private readonly widths: readonly number[];
  private readonly formats: readonly ImageVariantFormat[];

  constructor(
    @Inject(STORAGE) private readonly storage: FileStorage,
    @Optional() @Inject(IMAGE_OPTIMIZER_OPTIONS) options: ImageOptimizerOptions = {},
  ) {
    this.limitInputPixels = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
    this.widths = options.widths ?? DEFAULT_VARIANT_WIDTHS;
    this.formats = options.formats ?? DEFAULT_FORMATS;
  }

  async optimize(input: FileInput): Promise<OptimizedImage> {
    return withLocalPath(this.storage, input, (path) => this.optimizeAt(path));
  }

  private async optimizeAt(path: string): Promise<OptimizedImage> {
    let metadata: Metadata;
    try {
      metadata = await this.open(path).metadata();
    } catch (error) {
      throw toImageError(error);
    }
    const mime = metadata.mediaType;
    if (!mime || !ACCEPTED_INPUT.has(mime)) {
      throw new ImageError('image_unsupported', 'Only JPEG, PNG, WebP, GIF, AVIF and TIFF images are accepted.');
    }
    const { width, height } = metadata.autoOrient;

    const variants: ImageVariant[] = [];
    try {
      for (const targetWidth of variantWidths(width, this.widths)) {
        for (const format of this.formats) {
          variants.push(await this.writeVariant(path, targetWidth, format));
        }
      }
    } catch (error) {
      await Promise.all(variants.map((variant) => this.storage.delete(variant.key)));
      throw error;
    }
    return { width, height, mime, variants };
  }

  private open(path: string): Sharp {
    return sharp()(path, { limitInputPixels: this.limitInputPixels, sequentialRead: true });
  }

  private async writeVariant(path: string, width: number, format: ImageVariantFormat): Promise<ImageVariant> {
    const resized = this.open(path).rotate().resize({ width, withoutEnlargement: true });
    const encoder = format === 'webp' ? resized.webp({ quality: 80 }) : resized.avif({ quality: 50 });
    let decodeError: unknown;
    // Heard for as long as the encoder lives: sharp may report an error after storage gave up on it.
    encoder.on('error', (error: Error) => (decodeError ??= error));
    const info = new Promise<OutputInfo>((resolve) => encoder.once('info', resolve));
    const mime = OUTPUT_MIME[format];
    try {
      const stored = await this.storage.put(encoder, { mime });
      const output = await info;
      return { format, width: output.width, height: output.height, bytes: stored.bytes, key: stored.key, mime };
    } catch (error) {
      // Only failures of sharp itself say something about the image; storage failures pass through.
      if (decodeError !== undefined && error === decodeError) throw toImageError(error);
      throw error;
    }
  }
}

function toImageError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) {
    return new ImageError('image_too_large', 'The image has too many pixels to be processed.');
  }
  if (/Input file is missing/.test(message)) return error;
  return new ImageError('image_corrupt', 'The image could not be decoded; the file may be damaged or not an image.');
}

import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { JobContext } from '@app/shared';
import { aiConfig } from '../ai.config.js';
import { mapBounded } from '../concurrency.js';
import type { PlannedImage } from '../steps/images-plan.step.js';
import { ChapterImageResolver } from './chapter-image.resolver.js';
import { type PostImage, specOnly } from './post-image.js';

export interface PostImagesSummary {
  planned: number;
  chosen: number;
  generated: number;
  /** Chapters left with the spec alone, and why when an image was expected. */
  without_image: number;
  problems: { chapter_index: number; code: string; message: string }[];
}

/** The checkpointed step of a chapter's image: a resumed job returns its stored output instead of generating again. */
export function imageStepName(plan: PlannedImage): string {
  return `image_${plan.chapter_index + 1}`;
}

/**
 * A post's images from its plan, each chapter's as its own checkpointed step, at most
 * IMAGE_CONCURRENCY at once. Bounded: the first IMAGES_MAX_PER_POST planned images only, and no
 * new image once the post's images take IMAGES_MAX_TOTAL_BYTES of storage.
 */
@Injectable()
export class PostImagesRunner {
  constructor(
    private readonly resolver: ChapterImageResolver,
    @Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>,
  ) {}

  async run(context: JobContext, plans: readonly PlannedImage[]): Promise<PostImage[]> {
    const { maxPerPost: maxImages, maxTotalBytes: budget, concurrency } = this.ai.images;
    let storedBytes = 0;
    const kept = plans.slice(0, maxImages);
    const images = await mapBounded(kept, concurrency, async (plan) => {
      const step = imageStepName(plan);
      const image = await context.step(step, async () => {
        if (storedBytes >= budget) {
          return specOnly(plan, { code: 'images_budget_exceeded', message: `this post's images already take ${budget} bytes (IMAGES_MAX_TOTAL_BYTES)` });
        }
        return this.resolver.resolve({ userId: context.job.userId, jobId: context.job.id, step, attempt: context.job.attempts, signal: context.signal, jobInput: context.job.input }, plan);
      });
      storedBytes += image.stored_bytes ?? 0;
      return image;
    });
    const beyondLimit = plans
      .slice(maxImages)
      .map((plan) => specOnly(plan, { code: 'images_limit', message: `a post gets at most ${maxImages} images (IMAGES_MAX_PER_POST)` }));
    return [...images, ...beyondLimit];
  }
}

export function summarizeImages(images: readonly PostImage[]): PostImagesSummary {
  return {
    planned: images.length,
    chosen: images.filter((image) => image.source === 'chosen').length,
    generated: images.filter((image) => image.source === 'generated').length,
    without_image: images.filter((image) => image.source === 'none').length,
    problems: images.flatMap((image) => (image.error ? [{ chapter_index: image.chapter_index, ...image.error }] : [])),
  };
}

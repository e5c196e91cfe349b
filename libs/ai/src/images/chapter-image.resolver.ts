import { Readable } from 'node:stream';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SpendingGuard, UsageMeter } from '@app/billing';
import { type FileStorage, ImageError, ImageOptimizer, Media, type MediaVariant, MediaUrls, ORIGINAL_VARIANT, STORAGE, variantName } from '@app/ingestion';
import type { PlannedImage } from '../steps/images-plan.step.js';
import { ModelRouter, type RoutedImageModel } from '../routing/model-router.service.js';
import { ImageGenerationError, type ImageModel } from './image-model.js';

/** Image failures another provider may not have. */
const FALLBACK_IMAGE_CODES: ReadonlySet<string> = new Set(['image_provider_error', 'image_timeout', 'image_rate_limited']);
import { type PostImage, type PostImageVariant, specOnly } from './post-image.js';

/** The public name of the step (its endpoint). */
export const IMAGES_GENERATE_STEP = 'images.generate';
/** The default rendition's largest width. */
const DEFAULT_RENDITION_WIDTH = 1280;

/** Who asks for an image, and the job step it belongs to (a generated image is stored once per step). */
export interface ImageRequester {
  userId: string;
  jobId: string;
  step: string;
  /** The job's attempt: a failed generation is recorded once per attempt. */
  attempt: number;
  /** The job's abort signal: a canceled job's generation stops in flight. */
  signal?: AbortSignal;
  /** The job's input: its routing table picks the image model. */
  jobInput?: Record<string, unknown>;
}

/**
 * A chapter's image from its plan: the user's own image the plan chose, else a generated one
 * (when an image model is configured), else the spec alone. Every image ends up optimized
 * (WebP/AVIF variants, EXIF dropped) and stored as media. A generated image is kept under its
 * job step's key before anything else can fail, so a resumed job finds it instead of generating
 * (and billing) it again. A generation failure never throws: the chapter goes without an image
 * and the output says why.
 */
@Injectable()
export class ChapterImageResolver {
  private readonly logger = new Logger(ChapterImageResolver.name);

  constructor(
    private readonly em: EntityManager,
    @Inject(STORAGE) private readonly storage: FileStorage,
    private readonly optimizer: ImageOptimizer,
    private readonly urls: MediaUrls,
    private readonly usage: UsageMeter,
    private readonly guard: SpendingGuard,
    private readonly router: ModelRouter,
  ) {}

  async resolve(requester: ImageRequester, plan: PlannedImage): Promise<PostImage> {
    const routed = this.router.imageModelsFor(requester.jobInput);
    if (plan.media_id) {
      const chosen = await this.em.fork().findOne(Media, { id: plan.media_id, userId: requester.userId });
      if (chosen && chosen.mime.startsWith('image/')) {
        const optimized = await this.ensureVariants(chosen).catch((error: unknown) => this.unusable(error));
        if (optimized instanceof Media) return this.view(plan, optimized, 'chosen', 0);
        if (routed.length === 0) return specOnly(plan, optimized);
      }
    }
    if (routed.length === 0) return specOnly(plan);
    return this.generated(requester, plan, routed);
  }

  /**
   * A chapter's image from one of the user's media, chosen by hand (optimized first when it has no
   * variants yet); an image the optimizer refuses is an ImageError.
   */
  async fromMedia(plan: PlannedImage, media: Media): Promise<PostImage> {
    return this.view(plan, await this.ensureVariants(media), 'chosen', 0);
  }

  private async generated(requester: ImageRequester, plan: PlannedImage, routes: readonly RoutedImageModel[]): Promise<PostImage> {
    const generationKey = `${requester.jobId}:${requester.step}`;
    let media = await this.em.fork().findOne(Media, { generationKey, userId: requester.userId });
    if (!media) {
      const outcome = await this.generateRouted(requester, plan, routes, generationKey);
      if (!(outcome instanceof Media)) return specOnly(plan, outcome);
      media = outcome;
    }
    const optimized = await this.ensureVariants(media).catch((error: unknown) => this.unusable(error));
    if (!(optimized instanceof Media)) return specOnly(plan, optimized);
    const storedBytes = optimized.bytes + optimized.variants.reduce((sum, variant) => sum + variant.bytes, 0);
    return this.view(plan, optimized, 'generated', storedBytes);
  }

  /**
   * The image from the step's routes in order: a provider that fails for good (5xx, timeout, 429)
   * hands over to the next when MODEL_FALLBACK is on; each failed call is recorded (not billed).
   */
  private async generateRouted(requester: ImageRequester, plan: PlannedImage, routes: readonly RoutedImageModel[], generationKey: string): Promise<Media | PostImage['error']> {
    for (let index = 0; ; index += 1) {
      const { model, provider } = routes[index]!;
      const outcome = await this.generate(requester, plan, model, provider, generationKey, index === 0 ? requester.attempt : `${requester.attempt}:${provider}`);
      const next = routes[index + 1];
      if (outcome instanceof Media || !next || !this.router.fallback || !FALLBACK_IMAGE_CODES.has(outcome?.code ?? '')) return outcome;
      this.logger.warn({ msg: 'image provider failed; falling back to the next route', job_id: requester.jobId, step: requester.step, from: provider, to: next.provider });
    }
  }

  /** One call to the image model; the answer is metered, then stored under the step's key. */
  private async generate(
    requester: ImageRequester,
    plan: PlannedImage,
    model: ImageModel,
    provider: string,
    generationKey: string,
    attempt: number | string,
  ): Promise<Media | PostImage['error']> {
    const owner = { userId: requester.userId, jobId: requester.jobId, step: requester.step };
    requester.signal?.throwIfAborted();
    // Held to the job's caps before the image is asked for; a cap reached ends the job (spending_cap_reached).
    const release = await this.guard.reserve(requester, { model: model.model, provider, images: 1, imageSize: model.size });
    let image;
    try {
      try {
        image = await model.generate(plan.prompt, requester.signal);
      } catch (error) {
        if (!(error instanceof ImageGenerationError)) throw error;
        await this.usage.image(owner, { model: model.model, provider, size: model.size, images: 0, latencyMs: error.latencyMs, failure: error.code }, attempt);
        this.logger.warn({ msg: 'image generation failed', job_id: requester.jobId, step: requester.step, code: error.code });
        return { code: `image_${error.code}`, message: error.message };
      }
      // Keyed by job and step: the image is billed once however often this runs.
      await this.usage.image(
        owner,
        { model: model.model, provider, size: image.size, images: 1, tokensIn: image.tokensIn, tokensOut: image.tokensOut, latencyMs: image.latencyMs },
        requester.attempt,
      );
    } finally {
      release();
    }
    const stored = await this.storage.put(Readable.from([image.data]), { mime: 'image/png' });
    const em = this.em.fork();
    const media = em.create(Media, {
      userId: requester.userId,
      // Not tied to the source document: deleting that document must not break its posts' images.
      documentId: null,
      storageKey: stored.key,
      mime: 'application/octet-stream',
      bytes: stored.bytes,
      originalName: `chapter-${plan.chapter_index + 1}-generated`,
      altText: plan.alt_text,
      generationKey,
    });
    try {
      await em.flush();
    } catch (error) {
      // Another attempt of the same step stored it first: keep that one.
      await this.storage.delete(stored.key);
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      return this.em.fork().findOneOrFail(Media, { generationKey, userId: requester.userId });
    }
    this.logger.log({ msg: 'image generated', job_id: requester.jobId, step: requester.step, model: image.model, bytes: stored.bytes, latency_ms: image.latencyMs });
    return media;
  }

  /** Optimizes a media that has no variants yet (a freshly generated image); its mime is then the decoded one. */
  private async ensureVariants(media: Media): Promise<Media> {
    if (media.variants.length > 0) return media;
    const optimized = await this.optimizer.optimize({ key: media.storageKey });
    const em = this.em.fork();
    const row = await em.findOneOrFail(Media, media.id);
    row.variants = optimized.variants as MediaVariant[];
    row.mime = optimized.mime;
    row.width = optimized.width;
    row.height = optimized.height;
    await em.flush();
    return row;
  }

  /** An image the optimizer refuses leaves its chapter without one; anything else is a real failure. */
  private unusable(error: unknown): PostImage['error'] {
    if (error instanceof ImageError) return { code: error.code, message: error.message };
    throw error;
  }

  private view(plan: PlannedImage, media: Media, source: 'chosen' | 'generated', storedBytes: number): PostImage {
    const variants: PostImageVariant[] = [...media.variants]
      .sort((a, b) => a.width - b.width || a.format.localeCompare(b.format))
      .map((variant) => {
        const name = variantName(variant);
        return { name, format: variant.format, mime: variant.mime, width: variant.width, height: variant.height, url: this.urls.url(media.id, name) };
      });
    const webp = variants.filter((variant) => variant.mime === 'image/webp');
    const rendition = [...webp].reverse().find((variant) => variant.width <= DEFAULT_RENDITION_WIDTH) ?? webp[0] ?? variants[0];
    return {
      chapter_index: plan.chapter_index,
      prompt: plan.prompt,
      alt_text: plan.alt_text,
      placement: plan.placement,
      source,
      media_id: media.id,
      url: rendition?.url ?? this.urls.url(media.id, ORIGINAL_VARIANT),
      width: rendition?.width ?? media.width ?? undefined,
      height: rendition?.height ?? media.height ?? undefined,
      variants,
      stored_bytes: storedBytes,
    };
  }
}

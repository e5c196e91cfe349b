import { Injectable, Logger } from '@nestjs/common';
import { DomainError, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { ImageError, MediaService } from '@app/ingestion';
import { ChapterImageResolver } from '../images/chapter-image.resolver.js';
import { pictureMarkup } from '../images/picture-markup.js';
import type { PostImage } from '../images/post-image.js';
import { ModelRouter } from '../routing/model-router.service.js';
import { PostsService, type PostView } from './posts.service.js';

/** A post's chapter image that the post's Markdown shows, with its <picture> markup. */
interface ShownImage {
  post: PostView;
  images: PostImage[];
  image: PostImage;
  markup: string;
}

/**
 * Replaces a chapter's image of a post, as a new version: with one of the user's media, or with
 * one generated again (a post_image_regenerate job). The chapter's `<picture>` in the Markdown is
 * swapped for the new image's (same alt text and placement), the HTML rendered again, and the
 * post's image list updated.
 */
@Injectable()
export class PostImageReplacer {
  constructor(
    private readonly posts: PostsService,
    private readonly media: MediaService,
    private readonly resolver: ChapterImageResolver,
    private readonly router: ModelRouter,
  ) {}

  /** The chapter's image as the post's current Markdown shows it; 404 for another's post, 400 `index` for a chapter without one. */
  async shown(userId: string, postId: string, chapterIndex: number): Promise<ShownImage> {
    const post = await this.posts.get(userId, postId);
    const images = post.images as unknown as PostImage[];
    const image = images.find((each) => each.chapter_index === chapterIndex);
    const markup = image ? pictureMarkup(image) : null;
    if (!image || !markup || !post.markdown.includes(markup)) {
      throw DomainError.badFields([{ field: 'index', message: `chapter ${chapterIndex} of this post has no image in its current Markdown` }]);
    }
    return { post, images, image, markup };
  }

  /** Before a regeneration is launched: the chapter shows an image and an image model is configured (409 image_generation_failed otherwise). */
  async checkRegenerable(userId: string, postId: string, chapterIndex: number, jobInput?: Record<string, unknown>): Promise<void> {
    await this.shown(userId, postId, chapterIndex);
    if (this.router.imageModelsFor(jobInput).length === 0) {
      throw new DomainError('image_generation_failed', 'no image model is configured (IMAGE_MODEL) to generate a chapter image');
    }
  }

  async replace(userId: string, postId: string, chapterIndex: number, mediaId: string): Promise<PostView> {
    const shown = await this.shown(userId, postId, chapterIndex);
    const media = await this.media.get(userId, mediaId);
    if (!media.mime.startsWith('image/') && media.variants.length === 0 && !media.generationKey) {
      throw DomainError.badFields([{ field: 'media_id', message: `media ${mediaId} is not an image` }]);
    }
    let image: PostImage;
    try {
      image = await this.resolver.fromMedia(planOf(shown.image), media);
    } catch (error) {
      if (error instanceof ImageError) throw DomainError.badFields([{ field: 'media_id', message: `media ${mediaId} is not a usable image: ${error.message}` }]);
      throw error;
    }
    return this.save(userId, shown, image);
  }

  /**
   * Generates the chapter's image again from its prompt (metered and capped like the pipeline's)
   * and saves it as a new version. A retried job finds the image it generated (keyed by job) and
   * saves no second version.
   */
  async regenerate(context: JobContext, postId: string, chapterIndex: number): Promise<{ post: PostView; image: PostImage }> {
    const { job } = context;
    const requester = { userId: job.userId, jobId: job.id, step: 'image_regenerate', attempt: job.attempts, signal: context.signal, jobInput: job.input };
    for (let tries = 1; ; tries += 1) {
      const shown = await this.shown(job.userId, postId, chapterIndex);
      // Keyed by job and step: a second pass finds the image generated in the first instead of generating (and billing) it again.
      const image = await this.resolver.resolve(requester, planOf(shown.image));
      if (image.source !== 'generated' || !image.media_id) {
        throw new DomainError('image_generation_failed', image.error ? `${image.error.code}: ${image.error.message}` : 'no image model is configured (IMAGE_MODEL)');
      }
      if (shown.image.media_id === image.media_id) return { post: shown.post, image };
      try {
        return { post: await this.save(job.userId, shown, image), image };
      } catch (error) {
        // The post was edited meanwhile: place the image in its new version.
        if (!(error instanceof DomainError && error.code === 'version_mismatch') || tries >= 3) throw error;
      }
    }
  }

  private async save(userId: string, shown: ShownImage, image: PostImage): Promise<PostView> {
    const { stored_bytes: _storedBytes, ...kept } = image;
    const markup = pictureMarkup(kept)!;
    const markdown = shown.post.markdown.replace(shown.markup, () => markup);
    const images = shown.images.map((each) => (each.chapter_index === image.chapter_index ? kept : each));
    return this.posts.update(userId, shown.post.id, { markdown, images: images as unknown as Record<string, unknown>[], baseVersion: shown.post.version });
  }
}

/** The plan an image came from (its prompt, alt text and placement), without a chosen media. */
function planOf(image: PostImage) {
  return { chapter_index: image.chapter_index, prompt: image.prompt, alt_text: image.alt_text, placement: image.placement };
}

export interface PostImageRegenerateInput {
  post_id: string;
  chapter_index: number;
}

/** post_image_regenerate: a chapter's image generated again and saved as a new version of the post. */
@Injectable()
@JobHandler(JOB_TYPES.POST_IMAGE_REGENERATE)
export class PostImageRegenerateHandler implements JobHandlerInstance {
  private readonly logger = new Logger(PostImageRegenerateHandler.name);

  constructor(private readonly replacer: PostImageReplacer) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const input = context.job.input as unknown as PostImageRegenerateInput;
    const { post, image } = await this.replacer.regenerate(context, input.post_id, input.chapter_index);
    this.logger.log({ msg: 'chapter image regenerated', job_id: context.job.id, post_id: post.id, version: post.version });
    return { post_id: post.id, version: post.version, chapter_index: input.chapter_index, media_id: image.media_id, url: image.url };
  }
}

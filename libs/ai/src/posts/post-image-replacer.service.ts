import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/shared';
import { ImageError, MediaService } from '@app/ingestion';
import { ChapterImageResolver } from '../images/chapter-image.resolver.js';
import { pictureMarkup } from '../images/picture-markup.js';
import type { PostImage } from '../images/post-image.js';
import { PostsService, type PostView } from './posts.service.js';

/**
 * Replaces a chapter's image of a post with one of the user's media, as a new version: the
 * chapter's `<picture>` in the Markdown is swapped for the new image's (same alt text and
 * placement), the HTML rendered again, and the post's image list updated.
 */
@Injectable()
export class PostImageReplacer {
  constructor(
    private readonly posts: PostsService,
    private readonly media: MediaService,
    private readonly resolver: ChapterImageResolver,
  ) {}

  async replace(userId: string, postId: string, chapterIndex: number, mediaId: string): Promise<PostView> {
    const post = await this.posts.get(userId, postId);
    const images = post.images as unknown as PostImage[];
    const old = images.find((image) => image.chapter_index === chapterIndex);
    const oldMarkup = old ? pictureMarkup(old) : null;
    if (!old || !oldMarkup || !post.markdown.includes(oldMarkup)) {
      throw DomainError.badFields([{ field: 'index', message: `chapter ${chapterIndex} of this post has no image in its current Markdown` }]);
    }
    const media = await this.media.get(userId, mediaId);
    if (!media.mime.startsWith('image/') && media.variants.length === 0 && !media.generationKey) {
      throw DomainError.badFields([{ field: 'media_id', message: `media ${mediaId} is not an image` }]);
    }
    let image: PostImage;
    try {
      image = await this.resolver.fromMedia({ chapter_index: old.chapter_index, prompt: old.prompt, alt_text: old.alt_text, placement: old.placement, media_id: media.id }, media);
    } catch (error) {
      if (error instanceof ImageError) throw DomainError.badFields([{ field: 'media_id', message: `media ${mediaId} is not a usable image: ${error.message}` }]);
      throw error;
    }
    const { stored_bytes: _storedBytes, ...kept } = image;
    const newMarkup = pictureMarkup(kept)!;
    const markdown = post.markdown.replace(oldMarkup, () => newMarkup);
    const nextImages = images.map((each) => (each.chapter_index === chapterIndex ? kept : each));
    return this.posts.update(userId, postId, { markdown, images: nextImages as unknown as Record<string, unknown>[] });
  }
}

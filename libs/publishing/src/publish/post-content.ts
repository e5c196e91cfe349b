import type { UploadedImage } from '../blogs/blog-client.js';

/** A chapter image of a post that has a stored file (the fields publishing reads). */
export interface PostImageRef {
  media_id?: string;
  url?: string;
  alt_text?: string;
}

/** The image file to upload for a post image: its media id and variant name (from its default URL). */
export interface ImageToUpload {
  key: string;
  mediaId: string;
  variant: string;
}

/**
 * The distinct images of a post to upload, in order: each with a media id and a default URL under
 * `mediaPrefix(media_id)` (the variant is the URL's last segment).
 */
export function imagesToUpload(images: readonly PostImageRef[], mediaPrefix: (mediaId: string) => string): ImageToUpload[] {
  const seen = new Map<string, ImageToUpload>();
  for (const image of images) {
    if (!image.media_id || !image.url) continue;
    const prefix = mediaPrefix(image.media_id);
    if (!image.url.startsWith(prefix)) continue;
    const variant = decodeURIComponent(image.url.slice(prefix.length).split(/[?#]/)[0]!);
    if (!variant || variant.includes('/')) continue;
    const key = `${image.media_id}/${variant}`;
    if (!seen.has(key)) seen.set(key, { key, mediaId: image.media_id, variant });
  }
  return [...seen.values()];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The post's HTML as a blog gets it: without its leading `<h1>` (the blog shows the title), and
 * with every URL of an uploaded media (any of its variants, stable or signed) replaced by the
 * image's URL on the blog. A `<source>` offering our variants of such an image is dropped, so the
 * browser takes the `<img>`, which now points at the blog's copy.
 */
export function rewriteForBlog(html: string, uploaded: ReadonlyMap<string, UploadedImage>, mediaPrefix: (mediaId: string) => string): string {
  let out = html.replace(/^\s*<h1\b[^>]*>[\s\S]*?<\/h1>\s*/i, '');
  for (const [mediaId, image] of uploaded) {
    const prefix = escapeRegExp(mediaPrefix(mediaId));
    out = out.replace(new RegExp(`<source\\b[^>]*${prefix}[^>]*>\\s*`, 'g'), '');
    out = out.replace(new RegExp(`${prefix}[A-Za-z0-9._~%-]+(?:\\?[^"'\\s<>)]*)?`, 'g'), () => escapeAttribute(image.url));
  }
  return out;
}

import type { ImagePlacement, PlannedImage } from '../steps/images-plan.step.js';

/** Where a chapter's image came from: one of the user's, generated for it, or nothing (the spec alone). */
export type ImageSource = 'chosen' | 'generated' | 'none';

export interface PostImageVariant {
  /** The name it is served under, e.g. `768.webp`. */
  name: string;
  format: string;
  mime: string;
  width: number;
  height: number;
  url: string;
}

/** A chapter's image as the post keeps it: the plan's spec, and the stored image when there is one. */
export interface PostImage {
  chapter_index: number;
  prompt: string;
  alt_text: string;
  placement: ImagePlacement;
  source: ImageSource;
  media_id?: string;
  /** The default rendition (a WebP of at most 1280 px wide when there is one). */
  url?: string;
  width?: number;
  height?: number;
  variants?: PostImageVariant[];
  /** Bytes this image added to storage (a generated image's original and variants; 0 for a chosen one). */
  stored_bytes?: number;
  /** Why the chapter has no image although one was planned. */
  error?: { code: string; message: string };
}

export function specOnly(plan: PlannedImage, error?: PostImage['error']): PostImage {
  return {
    chapter_index: plan.chapter_index,
    prompt: plan.prompt,
    alt_text: plan.alt_text,
    placement: plan.placement,
    source: 'none',
    ...(error ? { error } : {}),
  };
}

/** Images as a post or a step's output shows them (storage accounting left out). */
export function publishedImages(images: readonly PostImage[]): Omit<PostImage, 'stored_bytes'>[] {
  return images.map(({ stored_bytes: _storedBytes, ...image }) => image);
}

import { type ImagePlanInput } from '../steps/images-plan.step.js';
import { type AvailableImage } from '../steps/image.matcher.js';
import { type Outline } from '../steps/step.contracts.js';

/** The image plan's input, built in one place: the job runs it, the price quote sizes the same prompt. */
export function imagePlanInputOf(outline: Outline, availableImages: AvailableImage[]): ImagePlanInput {
  return { chapters: outline.chapters.map((chapter) => ({ title: chapter.title, summary: chapter.summary })), available_images: availableImages };
}

/** Images offered to the plan at most (the newest). */
export const AVAILABLE_IMAGES_LIMIT = 200;

/** The user's own images (uploaded or imported, not generated ones), newest first, as the plan matches them. */
export function availableImagesOf(media: readonly { id: string; originalName?: string | null; altText?: string | null }[]): AvailableImage[] {
  return media.map((image) => ({ id: image.id, name: image.originalName ?? '', ...(image.altText ? { alt: image.altText } : {}) }));
}

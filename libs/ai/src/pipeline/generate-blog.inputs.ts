import { type ChapterDraftInput, siblingSummaries, sliceSourceForChapter } from '../steps/chapter-draft.step.js';
import { type ImagePlanInput } from '../steps/images-plan.step.js';
import { chapterWordTarget } from '../steps/length-policy.js';
import { type OutlineInput } from '../steps/outline.step.js';
import { type SeoInput } from '../steps/seo.step.js';
import { sliceLimitFor } from '../steps/source-slice.selector.js';
import { type AvailableImage } from '../steps/image.matcher.js';
import { type GivenOutline, type Outline } from '../steps/step.contracts.js';

export interface GenerateBlogOptions {
  tone?: string;
  audience?: string;
  /** Words the post should have. */
  length?: number;
  language?: string;
  chapters_count?: number;
  /** Plan an image per chapter. */
  images?: boolean;
  /** An outline to respect (titles and order kept). */
  outline?: GivenOutline;
}

/**
 * What each model step of generate_blog is given, built in one place: the job runs these inputs,
 * and the price quote builds the same prompts from them (same options, same source slicing).
 */
export function outlineInputOf(text: string, options: GenerateBlogOptions): OutlineInput {
  return {
    text,
    options: {
      tone: options.tone,
      audience: options.audience,
      length: options.length,
      language: options.language,
      chapters_count: options.chapters_count,
      outline: options.outline,
    },
  };
}

export function seoInputOf(text: string, outline: Outline): SeoInput {
  return { text, outline: { title: outline.title, chapters: outline.chapters } };
}

/** Each chapter's draft input: the words it should have and only its slice of the source. */
export function chapterInputsOf(text: string, outline: Outline, options: GenerateBlogOptions): ChapterDraftInput[] {
  const target = chapterWordTarget(options.length, outline.chapters.length);
  const sliceLimit = sliceLimitFor(target);
  return outline.chapters.map((chapter, index) => ({
    outline,
    chapter_index: index,
    sibling_summaries: siblingSummaries(outline, index),
    source_slice: sliceSourceForChapter(text, chapter, outline.chapters, sliceLimit),
    target_words: target,
    tone: options.tone,
    language: options.language,
  }));
}

export function imagePlanInputOf(outline: Outline, availableImages: AvailableImage[]): ImagePlanInput {
  return { chapters: outline.chapters.map((chapter) => ({ title: chapter.title, summary: chapter.summary })), available_images: availableImages };
}

/** Images offered to the plan at most (the newest). */
export const AVAILABLE_IMAGES_LIMIT = 200;

/** The user's own images (uploaded or imported, not generated ones), newest first, as the plan matches them. */
export function availableImagesOf(media: readonly { id: string; originalName?: string | null; altText?: string | null }[]): AvailableImage[] {
  return media.map((image) => ({ id: image.id, name: image.originalName ?? '', ...(image.altText ? { alt: image.altText } : {}) }));
}

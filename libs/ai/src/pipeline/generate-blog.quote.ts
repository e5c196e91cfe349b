import { writeImagePlan, writeOutline, writeSeo } from '../extractive/extractive.writer.js';
import { type PlannedImages, type PlannedModelCall, type PlannedWork, answerTokens, proseTokens } from '../quote/planned-work.js';
import { buildChapterDraftRequest } from '../steps/chapter-draft.step.js';
import { buildImagePlanRequest } from '../steps/images-plan.step.js';
import { type AvailableImage } from '../steps/image.matcher.js';
import { buildOutlineRequest } from '../steps/outline.step.js';
import { buildSeoRequest } from '../steps/seo.step.js';
import { chapterInputsOf, type GenerateBlogOptions, imagePlanInputOf, outlineInputOf, seoInputOf } from './generate-blog.inputs.js';

export interface GenerateBlogQuoteContext {
  /** The user's own images, as the image plan would be offered them. */
  availableImages: AvailableImage[];
  /** Images a post gets at most (IMAGES_MAX_PER_POST); 0 when no image model is configured. */
  generatedImagesMax: number;
}

/**
 * The model calls and images generate_blog would make for this text and these options, built with
 * the job's own input builders and prompt builders: the outline prompt is exactly the one the job
 * sends; the later prompts need the model's outline, so they are built from the outline the
 * extractive engine writes for the same source (same chapter count, same slicing of the source per
 * chapter). Output is expected from what each step is asked to write: each chapter the length
 * option's share of words, the outline and SEO fields as long as the extractive ones.
 */
export function planGenerateBlog(text: string, options: GenerateBlogOptions, context: GenerateBlogQuoteContext): PlannedWork {
  const outlineInput = outlineInputOf(text, options);
  const { outline } = writeOutline(text, outlineInput.options);
  const calls: PlannedModelCall[] = [{ step: 'outline', request: buildOutlineRequest(outlineInput), tokensOut: answerTokens({ outline }) }];

  const seoInput = seoInputOf(text, outline);
  calls.push({ step: 'seo', request: buildSeoRequest(seoInput), tokensOut: answerTokens(writeSeo(text, seoInput.outline)) });

  chapterInputsOf(text, outline, options).forEach((input, index) => {
    const heading = outline.chapters[index]?.title ?? '';
    calls.push({
      step: `chapter_${index + 1}`,
      request: buildChapterDraftRequest(input),
      tokensOut: answerTokens({ heading, markdown: '' }) + proseTokens(input.target_words),
    });
  });

  const images: PlannedImages[] = [];
  const notes = ['The outline is the model\'s own: later prompts are sized on an outline the extractive engine writes for the same source.'];
  if (options.images) {
    const planInput = imagePlanInputOf(outline, context.availableImages);
    calls.push({ step: 'images_plan', request: buildImagePlanRequest(planInput), tokensOut: answerTokens(writeImagePlan(planInput.chapters, context.availableImages)) });
    const generated = Math.min(outline.chapters.length, context.generatedImagesMax);
    for (let index = 0; index < generated; index += 1) images.push({ step: `image_${index + 1}`, images: 1 });
    if (generated > 0) notes.push('Every chapter image is priced as generated; one the plan matches to an image of yours costs nothing.');
  }
  return { calls, images, notes };
}

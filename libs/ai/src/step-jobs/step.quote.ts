import { JOB_TYPES, type JobType } from '@app/shared';
import { writeChapters, writeImagePlan, writeOutline, writeSeo } from '../extractive/extractive.writer.js';
import { chapterInputsOf } from '../pipeline/generate-blog.inputs.js';
import { type PlannedModelCall, type PlannedWork, answerTokens, proseTokens } from '../quote/planned-work.js';
import { buildChapterDraftRequest, fallbackChapterBody, siblingSummaries } from '../steps/chapter-draft.step.js';
import { buildChaptersRequest, type ChaptersInput } from '../steps/chapters.step.js';
import { buildComposeRequest, type ComposeInput, composeOutline } from '../steps/compose.step.js';
import { buildImagePlanRequest, type ImagePlanInput, type PlannedImage } from '../steps/images-plan.step.js';
import { chapterWordTarget } from '../steps/length-policy.js';
import { buildOutlineRequest, type OutlineInput } from '../steps/outline.step.js';
import { buildSeoRequest, type SeoInput } from '../steps/seo.step.js';
import { STEP_NAMES } from './step-job.handlers.js';

/** The step job types a quote can be given for (every step that may pay a model). */
export type QuotableStepType = keyof typeof STEP_NAMES;

export function isQuotableStep(type: JobType): type is QuotableStepType {
  return type in STEP_NAMES;
}

/**
 * The model calls (and images) one step job would make for its resolved input (text in place of
 * document_id), with the step's own prompt builder, so its input tokens are those the job sends.
 */
export function planStep(type: QuotableStepType, input: Record<string, unknown>, generatedImagesMax: number): PlannedWork {
  const step = STEP_NAMES[type];
  const one = (call: Omit<PlannedModelCall, 'step'>): PlannedWork => ({ calls: [{ step, ...call }], images: [], notes: [] });
  switch (type) {
    case JOB_TYPES.STEP_OUTLINE: {
      const outlineInput = input as unknown as OutlineInput;
      return one({ request: buildOutlineRequest(outlineInput), tokensOut: answerTokens(writeOutline(outlineInput.text, outlineInput.options)) });
    }
    case JOB_TYPES.STEP_CHAPTERS: {
      const chaptersInput = input as unknown as ChaptersInput;
      return one({
        request: buildChaptersRequest(chaptersInput),
        tokensOut: answerTokens(writeChapters(chaptersInput.text, chaptersInput.segments, chaptersInput.chapters_count)),
      });
    }
    case JOB_TYPES.STEP_SEO: {
      const seoInput = input as unknown as SeoInput;
      return one({ request: buildSeoRequest(seoInput), tokensOut: answerTokens(writeSeo(seoInput.text, seoInput.outline)) });
    }
    case JOB_TYPES.STEP_IMAGES_PLAN: {
      const planInput = input as unknown as ImagePlanInput;
      return one({ request: buildImagePlanRequest(planInput), tokensOut: answerTokens(writeImagePlan(planInput.chapters, planInput.available_images ?? [])) });
    }
    case JOB_TYPES.STEP_COMPOSE:
      return planCompose(input as unknown as ComposeInput);
    case JOB_TYPES.STEP_IMAGES_GENERATE: {
      const planned = ((input.images ?? []) as PlannedImage[]).filter((image) => !image.media_id);
      const generated = Math.min(planned.length, generatedImagesMax);
      return {
        calls: [],
        images: generated > 0 ? [{ step, images: generated }] : [],
        notes: planned.length > 0 && generatedImagesMax === 0 ? ['No image model is configured: nothing is generated.'] : [],
      };
    }
  }
}

/** blog.compose: nothing with drafts; one call for the whole post (single_call); else one draft per chapter. */
function planCompose(input: ComposeInput): PlannedWork {
  const step = STEP_NAMES[JOB_TYPES.STEP_COMPOSE];
  if (input.drafts && input.drafts.length > 0) return { calls: [], images: [], notes: [] };
  const outline = composeOutline(input);
  if (input.strategy === 'single_call') {
    const request = buildComposeRequest(input);
    const words = input.length ?? chapterWordTarget(undefined, 1) * outline.chapters.length;
    return { calls: [{ step, request, tokensOut: answerTokens({ sections: outline.chapters.map((chapter) => ({ heading: chapter.title, markdown: '' })) }) + proseTokens(words) }], images: [], notes: [] };
  }
  const options = { length: input.length, tone: input.tone, language: input.language };
  const inputs = input.text
    ? chapterInputsOf(input.text, outline, options)
    : outline.chapters.map((chapter, index) => ({
        outline,
        chapter_index: index,
        sibling_summaries: siblingSummaries(outline, index),
        source_slice: fallbackChapterBody(chapter),
        target_words: chapterWordTarget(input.length, outline.chapters.length),
        tone: input.tone,
        language: input.language,
      }));
  return {
    calls: inputs.map((draft, index) => ({
      step: `${step}:chapter_${index + 1}`,
      request: buildChapterDraftRequest(draft),
      tokensOut: answerTokens({ heading: outline.chapters[index]?.title ?? '', markdown: '' }) + proseTokens(draft.target_words),
    })),
    images: [],
    notes: [],
  };
}

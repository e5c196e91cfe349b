import { Injectable } from '@nestjs/common';
import { JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance, type JobType } from '@app/shared';
import { runChaptersStep, type ChaptersInput } from '../steps/chapters.step.js';
import { runComposeStep, type ComposeInput } from '../steps/compose.step.js';
import { IMAGES_GENERATE_STEP } from '../images/chapter-image.resolver.js';
import { publishedImages } from '../images/post-image.js';
import { PostImagesRunner, summarizeImages } from '../images/post-images.runner.js';
import { type PlannedImage, runImagePlanStep, type ImagePlanInput } from '../steps/images-plan.step.js';
import { runOutlineStep, type OutlineInput } from '../steps/outline.step.js';
import { runSeoStep, type SeoInput } from '../steps/seo.step.js';
import { planSource } from '../writing/source-plan.js';
import { StepRunner, type StepRun } from './step-runner.service.js';

/** The public name of each step (its endpoint) by job type. */
export const STEP_NAMES = {
  [JOB_TYPES.STEP_OUTLINE]: 'outline.generate',
  [JOB_TYPES.STEP_CHAPTERS]: 'chapters.organize',
  [JOB_TYPES.STEP_SEO]: 'seo.generate',
  [JOB_TYPES.STEP_IMAGES_PLAN]: 'images.plan',
  [JOB_TYPES.STEP_COMPOSE]: 'blog.compose',
  [JOB_TYPES.STEP_IMAGES_GENERATE]: IMAGES_GENERATE_STEP,
} as const;

/** A job handler that runs one step through the StepRunner; one class per job type, as the registry requires. */
function stepJobHandler<I extends object, O>(type: JobType & keyof typeof STEP_NAMES, run: StepRun<I, O>) {
  @Injectable()
  @JobHandler(type)
  class StepJobHandler implements JobHandlerInstance {
    constructor(readonly runner: StepRunner) {}

    async handle(context: JobContext): Promise<Record<string, unknown>> {
      const output = await this.runner.run(context, STEP_NAMES[type], context.job.input as I, run);
      return output as Record<string, unknown>;
    }
  }
  Reflect.defineMetadata('design:paramtypes', [StepRunner], StepJobHandler);
  Object.defineProperty(StepJobHandler, 'name', { value: `${type}_handler` });
  return StepJobHandler;
}

/** A step's source as the writing steps read it: cleaned of spoken noise and Markdown, with its language. */
function cleaned<I extends { text: string; source_language?: string }>(input: I): I {
  const plan = planSource(input.text);
  return { ...input, text: plan.text || input.text, source_language: input.source_language ?? plan.language };
}

/** How each model step job runs, by job type: its handler runs it through the StepRunner, a quote through a recording model. */
export const STEP_RUNS = {
  [JOB_TYPES.STEP_OUTLINE]: ((model, input, onCall) => runOutlineStep(model, cleaned(input), onCall)) as StepRun<OutlineInput, unknown>,
  [JOB_TYPES.STEP_CHAPTERS]: ((model, input, onCall) =>
    runChaptersStep(model, input.segments && input.segments.length > 0 ? input : cleaned(input), onCall)) as StepRun<ChaptersInput, unknown>,
  [JOB_TYPES.STEP_SEO]: ((model, input, onCall) => runSeoStep(model, cleaned(input), onCall)) as StepRun<SeoInput, unknown>,
  [JOB_TYPES.STEP_IMAGES_PLAN]: ((model, input, onCall) => runImagePlanStep(model, input, onCall)) as StepRun<ImagePlanInput, unknown>,
  [JOB_TYPES.STEP_COMPOSE]: ((model, input, onCall) => runComposeStep(model, input, onCall)) as StepRun<ComposeInput, unknown>,
} as const;

export const OutlineStepHandler = stepJobHandler(JOB_TYPES.STEP_OUTLINE, STEP_RUNS[JOB_TYPES.STEP_OUTLINE]);
export const ChaptersStepHandler = stepJobHandler(JOB_TYPES.STEP_CHAPTERS, STEP_RUNS[JOB_TYPES.STEP_CHAPTERS]);
export const SeoStepHandler = stepJobHandler(JOB_TYPES.STEP_SEO, STEP_RUNS[JOB_TYPES.STEP_SEO]);
export const ImagesPlanStepHandler = stepJobHandler(JOB_TYPES.STEP_IMAGES_PLAN, STEP_RUNS[JOB_TYPES.STEP_IMAGES_PLAN]);
export const ComposeStepHandler = stepJobHandler(JOB_TYPES.STEP_COMPOSE, STEP_RUNS[JOB_TYPES.STEP_COMPOSE]);

export interface ImagesGenerateInput {
  images: PlannedImage[];
}

/** images.generate: each planned image chosen, generated or left as a spec, as its own checkpointed step (no chat model call). */
@Injectable()
@JobHandler(JOB_TYPES.STEP_IMAGES_GENERATE)
export class ImagesGenerateStepHandler implements JobHandlerInstance {
  constructor(private readonly images: PostImagesRunner) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const input = context.job.input as unknown as ImagesGenerateInput;
    const images = await this.images.run(context, input.images);
    return { images: publishedImages(images), summary: summarizeImages(images) };
  }
}

export const STEP_JOB_HANDLERS = [OutlineStepHandler, ChaptersStepHandler, SeoStepHandler, ImagesPlanStepHandler, ComposeStepHandler, ImagesGenerateStepHandler];

import { writeImagePlan } from '../extractive/extractive.writer.js';
import type { ModelEngine } from '../models/chat-model.js';
import { type PlannedImages, type PlannedModelCall, type PlannedWork, answerTokens, proseTokens } from '../quote/planned-work.js';
import { RecordingModel } from '../quote/recording.model.js';
import { buildImagePlanRequest } from '../steps/images-plan.step.js';
import { type AvailableImage } from '../steps/image.matcher.js';
import { type CitationSource } from '../writing/post-citations.js';
import { type SourceFacts } from '../writing/source-plan.js';
import { imagePlanInputOf } from './generate-blog.inputs.js';
import { type GenerateBlogOptions, writePost } from './post-writer.js';

export interface GenerateBlogQuoteContext {
  /** The engine and model the job would run with (prompts and chapter counts depend on the engine). */
  engine: ModelEngine;
  model: string;
  /** The source's facts (title, segments, pages) and where citations point, as the job reads them. */
  facts: SourceFacts;
  citationSource: CitationSource;
  /** The user's own images, as the image plan would be offered them. */
  availableImages: AvailableImage[];
  /** Images a post gets at most (IMAGES_MAX_PER_POST); 0 when no image model is configured. */
  generatedImagesMax: number;
}

/**
 * The model calls and images generate_blog would make for this text and these options, found by
 * running the job's own writer (`writePost`) with a recording model instead of the real one: every
 * prompt is exactly the one the job sends for the same source; prompts after the outline are built
 * from the outline the offline engine writes (same chapter count, same slices). Output is expected
 * from what each step is asked to write: prose of its target words, other fields as long as the
 * offline engine's.
 */
export async function planGenerateBlog(text: string, options: GenerateBlogOptions, context: GenerateBlogQuoteContext): Promise<PlannedWork> {
  const calls: PlannedModelCall[] = [];
  const images: PlannedImages[] = [];
  const notes = ['The outline is the model\'s own: later prompts are sized on an outline the extractive engine writes for the same source.'];
  await writePost(
    {
      model: new RecordingModel(context.engine, context.model, () => undefined),
      step: (name, input, run) => {
        const targetWords = (input as { target_words?: number }).target_words;
        const model = new RecordingModel(context.engine, context.model, (request, output) => {
          const { markdown: _prose, ...fields } = (output ?? {}) as Record<string, unknown>;
          calls.push({ step: name, request, tokensOut: targetWords === undefined ? answerTokens(output) : answerTokens(fields) + proseTokens(targetWords) });
        });
        return run(model, input, () => undefined);
      },
      checkpoint: (_name, work) => work(),
      chapterConcurrency: 1,
      images: options.images
        ? async (outline) => {
            const planInput = imagePlanInputOf(outline, context.availableImages);
            calls.push({ step: 'images_plan', request: buildImagePlanRequest(planInput), tokensOut: answerTokens(writeImagePlan(planInput.chapters, context.availableImages)) });
            const generated = Math.min(outline.chapters.length, context.generatedImagesMax);
            for (let index = 0; index < generated; index += 1) images.push({ step: `image_${index + 1}`, images: 1 });
            if (generated > 0) notes.push('Every chapter image is priced as generated; one the plan matches to an image of yours costs nothing.');
            return [];
          }
        : undefined,
    },
    { text, facts: context.facts, citationSource: context.citationSource },
    options,
  );
  return { calls: calls.sort((a, b) => stepOrder(a.step) - stepOrder(b.step)), images, notes };
}

/** Where a step's calls stand in the quote: in the order the job makes them (chapters by number, each rewrite after its chapter). */
function stepOrder(step: string): number {
  const chapter = /^chapter_(\d+)(_rewrite)?$/.exec(step);
  if (chapter) return 100 + Number(chapter[1]) * 2 + (chapter[2] ? 1 : 0);
  return { outline: 0, seo: 10, intro_conclusion: 1000, images_plan: 2000 }[step] ?? 3000;
}

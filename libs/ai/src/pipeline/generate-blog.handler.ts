import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { DocumentsService, type IngestYouTubeInput, MediaService, YouTubeIngester } from '@app/ingestion';
import { UsageMeter } from '@app/billing';
import { aiConfig } from '../ai.config.js';
import { type ChatModel } from '../models/chat-model.js';
import { CHAT_MODEL } from '../models/model.factory.js';
import { runChapterDraftStep } from '../steps/chapter-draft.step.js';
import { type ChapterDraft, type Outline, type SeoOutput } from '../steps/step.contracts.js';
import { assemblePost, type ComposeOutput } from '../steps/compose.step.js';
import { runImagePlanStep } from '../steps/images-plan.step.js';
import { runOutlineStep } from '../steps/outline.step.js';
import { runSeoStep } from '../steps/seo.step.js';
import { AVAILABLE_IMAGES_LIMIT, availableImagesOf, chapterInputsOf, type GenerateBlogOptions, imagePlanInputOf, outlineInputOf, seoInputOf } from './generate-blog.inputs.js';
import { StepRunner } from '../step-jobs/step-runner.service.js';
import { PostsService } from '../posts/posts.service.js';
import { checkPostQuality } from './post-quality.js';
import { mapBounded, settleAll } from '../concurrency.js';
import { type PostImage, publishedImages } from '../images/post-image.js';
import { PostImagesRunner, summarizeImages } from '../images/post-images.runner.js';
import { type AvailableImage } from '../steps/image.matcher.js';

export type { GenerateBlogOptions } from './generate-blog.inputs.js';

export interface GenerateBlogInput {
  /** The source document; absent when the job starts from a YouTube video. */
  document_id?: string;
  /** A video whose captions (or transcribed audio) become the document first. */
  youtube?: IngestYouTubeInput;
  options?: GenerateBlogOptions;
}

/**
 * generate_blog: (from a YouTube video: `captions` → `audio` when it has none → `document`) → `outline` → in parallel `seo`, `chapter_1..N` (at most CHAPTER_CONCURRENCY
 * chapters at once, each given only its slice of the source) and, when asked, `images_plan` →
 * `image_1..N` (chosen, generated or spec only) → `compose` (no model call, places the images) →
 * `persist`. Every step is checkpointed, so a retried or resumed job
 * skips finished steps and never bills them twice.
 */
@Injectable()
@JobHandler(JOB_TYPES.GENERATE_BLOG)
export class GenerateBlogHandler implements JobHandlerInstance {
  private readonly logger = new Logger(GenerateBlogHandler.name);

  constructor(
    private readonly runner: StepRunner,
    private readonly documents: DocumentsService,
    private readonly posts: PostsService,
    private readonly usage: UsageMeter,
    @Inject(CHAT_MODEL) private readonly model: ChatModel,
    @Inject(aiConfig.KEY) private readonly ai: ConfigType<typeof aiConfig>,
    private readonly images: PostImagesRunner,
    private readonly media: MediaService,
    private readonly youtube: YouTubeIngester,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const { job } = context;
    const input = job.input as unknown as GenerateBlogInput;
    const options = input.options ?? {};
    const documentId = input.document_id ?? (await this.documentFromYouTube(context, input.youtube));
    const document = await this.documents.get(job.userId, documentId);
    const text = document.rawText;
    if (text.trim().length === 0) throw new DomainError('document_empty', `document ${document.id} has no text`);

    const { outline } = await this.runner.runResolved(context, 'outline', outlineInputOf(text, options), runOutlineStep);

    // Images need only the outline, so they are planned and made while the chapters are written.
    const [seo, drafts, images] = await settleAll(
      this.runner.runResolved(context, 'seo', seoInputOf(text, outline), runSeoStep),
      mapBounded(chapterInputsOf(text, outline, options), this.ai.chapterConcurrency, (chapterInput, index) =>
        this.runner.runResolved(context, `chapter_${index + 1}`, chapterInput, runChapterDraftStep),
      ),
      options.images ? this.chapterImages(context, outline) : Promise.resolve<PostImage[]>([]),
    );

    const composed = await context.step('compose', async () =>
      assemblePost(seo.title || outline.title, drafts, outline, this.model.engine, options.length, images),
    );

    const persisted = await context.step('persist', async () => {
      const existing = await this.posts.findByJob(job.userId, job.id);
      const post =
        existing ??
        (await this.posts.create({
          userId: job.userId,
          documentId: document.id,
          jobId: job.id,
          title: seo.title || outline.title,
          slug: seo.slug,
          description: seo.description,
          keywords: seo.keywords,
          markdown: composed.markdown,
          html: composed.html,
          chapters: drafts.map((draft) => ({ heading: draft.heading, markdown: draft.markdown })),
          images: publishedImages(images) as unknown as Record<string, unknown>[],
          meta: { ...composed.meta },
        }));
      return { post_id: post.id, slug: post.slug };
    });

    const quality = checkPostQuality({
      title: seo.title || outline.title,
      description: seo.description,
      slug: persisted.slug,
      keywords: seo.keywords,
      markdown: composed.markdown,
      chapters: outline.chapters.length,
      requestedWords: options.length,
      lengthNote: composed.meta.length_note,
    });
    if (!quality.ok) this.logger.warn({ msg: 'post misses quality rules', job_id: job.id, post_id: persisted.post_id, problems: quality.problems });

    const totals = await this.usage.jobTotals(job.id);
    return {
      post_id: persisted.post_id,
      document_id: document.id,
      engine: this.model.engine,
      steps: stepSummary(outline, seo, drafts, images, composed, options.images === true),
      ...(options.images ? { images: summarizeImages(images) } : {}),
      quality,
      tokens_in: totals.tokensIn,
      tokens_out: totals.tokensOut,
      cost_micros: totals.costMicros,
    };
  }

  /** The video's transcript as a new document, named on the job; fails when the video yields no text. */
  private async documentFromYouTube(context: JobContext, youtube: IngestYouTubeInput | undefined): Promise<string> {
    if (!youtube) throw new DomainError('bad_input', 'generate_blog needs a document_id or a YouTube video');
    const ingested = await this.youtube.ingest(context, youtube);
    if (context.job.documentId !== ingested.document_id) await context.attachDocument(ingested.document_id);
    if (ingested.transcription_status === 'unavailable') {
      throw new DomainError('document_empty', ingested.transcription_message ?? `video ${youtube.video_id} gave no transcript`);
    }
    return ingested.document_id;
  }

  /** `images_plan` (matching the user's own images first), then each chapter's image as its own step. */
  private async chapterImages(context: JobContext, outline: Outline): Promise<PostImage[]> {
    const plan = await this.runner.runResolved(context, 'images_plan', imagePlanInputOf(outline, await this.availableImages(context.job.userId)), runImagePlanStep);
    return this.images.run(context, plan.images);
  }

  private async availableImages(userId: string): Promise<AvailableImage[]> {
    return availableImagesOf(await this.media.ownImages(userId, AVAILABLE_IMAGES_LIMIT));
  }
}

function stepSummary(outline: Outline, seo: SeoOutput, drafts: ChapterDraft[], images: PostImage[], composed: ComposeOutput, withImages: boolean) {
  return {
    outline: { chapters: outline.chapters.length },
    seo: { title: seo.title, keywords: seo.keywords.length },
    chapters: drafts.map((draft, index) => ({ name: `chapter_${index + 1}`, heading: draft.heading })),
    ...(withImages ? { images_plan: { images: images.length } } : {}),
    compose: composed.meta,
  };
}

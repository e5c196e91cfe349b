import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DomainError, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { DocumentsService, type IngestYouTubeInput, MediaService, YouTubeIngester } from '@app/ingestion';
import { UsageMeter } from '@app/billing';
import { aiConfig } from '../ai.config.js';
import { ModelRouter } from '../routing/model-router.service.js';
import { type Outline } from '../steps/step.contracts.js';
import { runImagePlanStep } from '../steps/images-plan.step.js';
import { StepRunner } from '../step-jobs/step-runner.service.js';
import { PostsService } from '../posts/posts.service.js';
import { citationSourceOf } from '../writing/post-citations.js';
import { type SourceFacts } from '../writing/source-plan.js';
import { type PostImage, publishedImages } from '../images/post-image.js';
import { PostImagesRunner, summarizeImages } from '../images/post-images.runner.js';
import { AVAILABLE_IMAGES_LIMIT, availableImagesOf, imagePlanInputOf } from './generate-blog.inputs.js';
import { type GenerateBlogOptions, paragraphsText, writePost, type WrittenPost } from './post-writer.js';

export type { GenerateBlogOptions } from './post-writer.js';

export interface GenerateBlogInput {
  /** The source document; absent when the job starts from a YouTube video. */
  document_id?: string;
  /** A video whose captions (or transcribed audio) become the document first. */
  youtube?: IngestYouTubeInput;
  options?: GenerateBlogOptions;
}

/**
 * generate_blog: (from a YouTube video: `captions` → `audio` when it has none → `document`) → the
 * post written step by step (see writePost: `outline` → `seo`, `chapter_1..N` at most
 * CHAPTER_CONCURRENCY at once, `intro_conclusion` and, when asked, `images_plan` → `image_1..N`
 * → `chapter_N_rewrite` → `compose`) → `persist`. Every step is checkpointed, so a retried or
 * resumed job skips finished steps and never bills them twice; the cleaned source is recomputed
 * from the document, never stored.
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
    private readonly router: ModelRouter,
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

    const facts: SourceFacts = { ...(document.metadata as SourceFacts), title: document.title };
    // The engine the post is planned for: the outline's model (a routed step runs on a provider).
    const model = this.router.chatModelFor('outline', job.input);
    const written = await writePost(
      {
        model,
        step: (name, stepInput, run) => this.runner.runResolved(context, name, stepInput, run),
        checkpoint: (name, work) => context.step(name, work),
        chapterConcurrency: this.ai.chapterConcurrency,
        images: options.images ? (outline) => this.chapterImages(context, outline) : undefined,
      },
      { text, facts, citationSource: citationSourceOf(document, facts) },
      options,
    );

    if (!written.quality.ok) this.logger.warn({ msg: 'post misses quality rules', job_id: job.id, problems: written.quality.problems });

    const persisted = await context.step('persist', async () => {
      const existing = await this.posts.findByJob(job.userId, job.id);
      const post = existing ?? (await this.posts.create({ userId: job.userId, documentId: document.id, jobId: job.id, ...postFields(written) }));
      return { post_id: post.id, slug: post.slug };
    });

    const totals = await this.usage.jobTotals(job.id);
    return {
      post_id: persisted.post_id,
      document_id: document.id,
      engine: model.engine,
      language: written.language,
      steps: stepSummary(written, options.images === true),
      ...(options.images ? { images: summarizeImages(written.images) } : {}),
      ...(written.warnings.length > 0 ? { warnings: written.warnings } : {}),
      quality: written.quality,
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
    const available = availableImagesOf(await this.media.ownImages(context.job.userId, AVAILABLE_IMAGES_LIMIT));
    const plan = await this.runner.runResolved(context, 'images_plan', imagePlanInputOf(outline, available), runImagePlanStep);
    return this.images.run(context, plan.images);
  }
}

function postFields(written: WrittenPost) {
  const { seo, composed, quality } = written;
  return {
    title: written.title,
    slug: seo.slug,
    description: seo.description,
    keywords: seo.keywords,
    markdown: composed.markdown,
    html: composed.html,
    chapters: written.drafts.map((draft) => ({ heading: draft.heading, markdown: draft.markdown })),
    images: publishedImages(written.images) as unknown as Record<string, unknown>[],
    meta: { ...composed.meta, quality: { ok: quality.ok, max_chapter_overlap: quality.max_chapter_overlap, problems: quality.problems } },
    language: written.language,
    introduction: paragraphsText(written.framing.introduction),
    conclusion: paragraphsText(written.framing.conclusion.paragraphs),
    citations: written.citations,
  };
}

function stepSummary(written: WrittenPost, withImages: boolean) {
  return {
    outline: { chapters: written.outline.chapters.length },
    seo: { title: written.seo.title, keywords: written.seo.keywords.length },
    chapters: written.drafts.map((draft, index) => ({ name: `chapter_${index + 1}`, heading: draft.heading })),
    intro_conclusion: { introduction_paragraphs: written.framing.introduction.length, conclusion: written.framing.conclusion.heading },
    ...(withImages ? { images_plan: { images: written.images.length } } : {}),
    compose: written.composed.meta,
  };
}

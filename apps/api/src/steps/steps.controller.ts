import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, JOB_TYPES, JobEnvelopeDto, type JobType, type User } from '@app/shared';
import { MediaService } from '@app/ingestion';
import { type SpendingUses } from '@app/billing';
import { DocumentPersister, JobLauncher } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { CreateYouTubeDocumentDto } from '../documents/documents.dto.js';
import { youtubeVideoIdOf } from '../documents/youtube-video-id.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { exactlyOne } from '../http/exactly-one.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { forceStatus } from '../http/force-status.js';
import { jobInputOf, maxCostMicrosOf, prefersEstimate, QuoteDto } from '../jobs/job-cost.dto.js';
import { answerLaunch, preferredWaitSeconds } from '../jobs/launch-answer.js';
import {
  ChaptersStepDto,
  ComposeStepDto,
  ImagesGenerateStepDto,
  ImagesPlanStepDto,
  OutlineStepDto,
  PersistResultDto,
  PersistStepDto,
  SeoStepDto,
  type SourceDto,
  StepResultDto,
} from './steps.dto.js';

const PREFER_HEADER = {
  name: 'Prefer',
  required: false,
  description:
    '`wait=N` (N ≤ 60): answer 200 with the result when the step finishes within N seconds, else 202; ' +
    '`return=estimate` (model steps): answer 200 with a price quote instead of starting the step',
};

/**
 * Every AI step as its own endpoint, for agents and scripts: 202 with the job envelope, or
 * 200 with the result inline when `Prefer: wait=N` is met. The result stays at GET /jobs/{id}.
 */
@ApiTags('steps')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@ApiExtraModels(JobEnvelopeDto, StepResultDto, QuoteDto)
@Controller('api/v1/steps')
export class StepsController {
  constructor(
    private readonly launcher: JobLauncher,
    private readonly persister: DocumentPersister,
    private readonly media: MediaService,
  ) {}

  /**
   * A YouTube video's transcript from its captions (requested languages in order, a manual track
   * before an automatic one; none requested: the video's default track):
   * {text, lang, duration_s, source, caption_track{lang, kind, name, reason}, segments[{start_s, dur_s, text}]}.
   */
  @Post('transcript.fetch')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute({ billed: false })
  transcriptFetch(
    @CurrentUser() user: User,
    @Body() body: CreateYouTubeDocumentDto,
    @Headers('prefer') prefer: string | undefined,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.start(user, JOB_TYPES.STEP_TRANSCRIPT_FETCH, { video_id: youtubeVideoIdOf(body), langs: body.langs ?? [] }, { prefer, key, res, body, spends: null, quotable: false });
  }

  /** An outline: title and chapters with summaries and key points. */
  @Post('outline.generate')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  outline(@CurrentUser() user: User, @Body() body: OutlineStepDto, @Headers('prefer') prefer: string | undefined, @IdempotencyKey() key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.start(user, JOB_TYPES.STEP_OUTLINE, withSource(body), { prefer, key, res, body });
  }

  /** Chapters of a text or transcript (with start_s when the document has timestamps). */
  @Post('chapters.organize')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  chapters(@CurrentUser() user: User, @Body() body: ChaptersStepDto, @Headers('prefer') prefer: string | undefined, @IdempotencyKey() key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.start(user, JOB_TYPES.STEP_CHAPTERS, withSource(body), { prefer, key, res, body });
  }

  /** SEO title (≤ 60), description (≤ 160), slug and 5–10 keywords. */
  @Post('seo.generate')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  seo(@CurrentUser() user: User, @Body() body: SeoStepDto, @Headers('prefer') prefer: string | undefined, @IdempotencyKey() key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.start(user, JOB_TYPES.STEP_SEO, withSource(body), { prefer, key, res, body });
  }

  /** An image prompt, alt text and placement per chapter (and a matching image of the user's, if any). */
  @Post('images.plan')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  imagesPlan(@CurrentUser() user: User, @Body() body: ImagesPlanStepDto, @Headers('prefer') prefer: string | undefined, @IdempotencyKey() key: string | undefined, @Res({ passthrough: true }) res: Response) {
    return this.start(user, JOB_TYPES.STEP_IMAGES_PLAN, jobInputOf(body), { prefer, key, res, body });
  }

  /**
   * Each planned chapter image made real: the caller's chosen image, else a generated one (when an
   * image model is configured), else the spec alone. Every image is optimized (WebP/AVIF variants)
   * and stored as media: {images[{chapter_index, source, media_id, url, width, height, variants,
   * alt_text, prompt, placement, error}], summary}. Pass `images` to blog.compose to place them.
   */
  @Post('images.generate')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  async imagesGenerate(
    @CurrentUser() user: User,
    @Body() body: ImagesGenerateStepDto,
    @Headers('prefer') prefer: string | undefined,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const indexes = body.images.map((image) => image.chapter_index);
    if (new Set(indexes).size !== indexes.length) throw DomainError.badField('images', 'each chapter_index may appear once');
    const missing = await this.media.notImagesOf(user.id, body.images.flatMap((image) => (image.media_id ? [image.media_id] : [])));
    if (missing.length > 0) throw new DomainError('not_found', `no image ${missing[0]}`);
    const images = body.images.map((image) => ({ ...image, placement: image.placement ?? 'before' }));
    return this.start(user, JOB_TYPES.STEP_IMAGES_GENERATE, { images }, { prefer, key, res, body, spends: { images: true } });
  }

  /** A finished post (Markdown and sanitized HTML) from an outline or chapters. */
  @Post('blog.compose')
  @HttpCode(HttpStatus.ACCEPTED)
  @StepRoute()
  compose(@CurrentUser() user: User, @Body() body: ComposeStepDto, @Headers('prefer') prefer: string | undefined, @IdempotencyKey() key: string | undefined, @Res({ passthrough: true }) res: Response) {
    if (!body.outline && !body.chapters) throw DomainError.badField('outline', 'outline or chapters is required');
    return this.start(user, JOB_TYPES.STEP_COMPOSE, jobInputOf(body), { prefer, key, res, body });
  }

  /** Writes fields to a document at a known version (a stale version is 412). Runs at once. */
  @Post('document.persist')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('documents:write')
  async persist(@CurrentUser() user: User, @Body() body: PersistStepDto): Promise<PersistResultDto> {
    if (body.fields.title === undefined && body.fields.text === undefined) throw DomainError.badField('fields', 'fields needs title and/or text');
    const document = await this.persister.persist(user.id, body.document_id, body.fields, body.version);
    return { document_id: document.id, version: document.version };
  }

  /**
   * Starts the step's job through the launcher and answers 202, or 200 when `Prefer: wait` was met;
   * a quote (`dry_run`, `Prefer: return=estimate`) answers 200 with what the step would cost instead.
   */
  private async start(
    user: User,
    type: JobType,
    input: Record<string, unknown>,
    request: { prefer: string | undefined; key: string | undefined; res: Response; body: object; spends?: SpendingUses | null; quotable?: boolean },
  ) {
    const body = request.body as { dry_run?: boolean; options?: { max_cost?: number } };
    const command = {
      userId: user.id,
      type,
      input,
      documentId: typeof input.document_id === 'string' ? input.document_id : null,
      maxCostMicros: maxCostMicrosOf(body.options),
    };
    if (request.quotable !== false && (body.dry_run === true || prefersEstimate(request.prefer))) {
      const quote = await this.launcher.quote(command);
      forceStatus(request.res, HttpStatus.OK);
      return quote;
    }
    const waitSeconds = preferredWaitSeconds(request.prefer);
    const launched = await this.launcher.launch({
      ...command,
      // Model-backed steps need credits or a subscription (402); captions cost nothing.
      spends: request.spends === null ? undefined : (request.spends ?? { chat: true }),
      idempotency: request.key ? { key: request.key, fingerprint: request.body } : undefined,
      waitSeconds,
    });
    return answerLaunch(request.res, launched, waitSeconds);
  }
}

/** Shared decorators of the step routes (each also says @HttpCode(202), which the swagger plugin must see). */
function StepRoute({ billed = true }: { billed?: boolean } = {}): MethodDecorator {
  return (target, key, descriptor) => {
    RequireScopes('jobs:write')(target, key, descriptor);
    LaunchesJob()(target, key, descriptor);
    if (billed) ApiPaymentRequired()(target, key, descriptor);
    ApiHeader(PREFER_HEADER)(target, key, descriptor);
    ApiAcceptedResponse({ description: 'queued; poll GET /api/v1/jobs/{job_id}', schema: { $ref: getSchemaPath(JobEnvelopeDto) } })(target, key, descriptor);
    ApiOkResponse({
      description: 'finished within Prefer: wait; or, for a quote (dry_run, Prefer: return=estimate), what the step would cost',
      schema: billed ? { oneOf: [{ $ref: getSchemaPath(StepResultDto) }, { $ref: getSchemaPath(QuoteDto) }] } : { $ref: getSchemaPath(StepResultDto) },
    })(target, key, descriptor);
  };
}

/** Exactly one of text and document_id; the body as the job's input. */
function withSource<T extends SourceDto>(body: T): Record<string, unknown> {
  exactlyOne(body, 'text', 'document_id');
  return jobInputOf(body);
}

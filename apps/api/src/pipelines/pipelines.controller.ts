import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, JOB_TYPES, JobEnvelopeDto, type User } from '@app/shared';
import { DocumentsService, parseYouTubeVideoId } from '@app/ingestion';
import { JobLauncher } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { BCP47 } from '../documents/documents.dto.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { exactlyOne } from '../http/exactly-one.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { forceStatus } from '../http/force-status.js';
import { jobInputOf, maxCostMicrosOf, prefersEstimate, QuoteDto } from '../jobs/job-cost.dto.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { GenerateBlogDto } from './pipelines.dto.js';

/** Whole pipelines as one job. */
@ApiTags('pipelines')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly launcher: JobLauncher,
    private readonly documents: DocumentsService,
  ) {}

  /**
   * Writes a blog post from a document of the caller's (`document_id`), from pasted `text` (a
   * document is created from it first) or from a `youtube_url` (the job imports the video's
   * transcript first; `document_id` is null in this answer and set on the job once the document
   * exists): outline → SEO, chapters and (with `options.images`) the
   * image plan and each chapter's image in parallel → compose → the post. Answers 202 with the generate_blog job; its output
   * has `post_id` and the job's tokens and cost. With `dry_run: true` (or `Prefer: return=estimate`) answers 200 with what
   * the run would cost per step instead (no job, no usage, no charge); `options.max_cost` caps the run.
   */
  @Post('generate_blog')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiOkResponse({ type: QuoteDto, description: 'a price quote (dry_run or Prefer: return=estimate); nothing was started' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`return=estimate`: answer 200 with a price quote instead of starting the job' })
  @ApiPaymentRequired()
  async generateBlog(
    @CurrentUser() user: User,
    @Body() body: GenerateBlogDto,
    @Headers('prefer') prefer: string | undefined,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto | QuoteDto> {
    const source = exactlyOne(body, 'document_id', 'text', 'youtube_url');
    const videoId = source === 'youtube_url' ? parseYouTubeVideoId(body.youtube_url!) : null;
    if (source === 'youtube_url' && !videoId) throw DomainError.badField('youtube_url', 'youtube_url must be a YouTube video link (watch, youtu.be, shorts, embed or live)');
    const { options = {} } = jobInputOf({ options: body.options ? JSON.parse(JSON.stringify(body.options)) : {} }) as { options?: Record<string, unknown> };
    // The post's language, when given as a language tag, is the captions' first choice.
    const language = body.options?.language;
    const youtube = videoId ? { video_id: videoId, langs: language && BCP47.test(language) ? [language] : [] } : undefined;
    const command = {
      userId: user.id,
      type: JOB_TYPES.GENERATE_BLOG,
      input: { options, ...(youtube ? { youtube } : {}), ...(body.document_id ? { document_id: body.document_id } : {}) },
      documentId: body.document_id ?? null,
      sourceText: body.text,
      maxCostMicros: maxCostMicrosOf(body.options),
    };
    if (body.dry_run === true || prefersEstimate(prefer)) {
      const quote = await this.launcher.quote(command);
      forceStatus(res, HttpStatus.OK);
      return quote;
    }
    const launched = await this.launcher.launch({
      ...command,
      input: { options },
      spends: { chat: true, images: body.options?.images === true },
      idempotency: key ? { key, fingerprint: body } : undefined,
      // After the spending check: a 402 leaves no document behind.
      prepare: async () => {
        if (youtube) return { input: { youtube } };
        if (body.text === undefined) return { input: { document_id: body.document_id } };
        const document = await this.documents.createFromText(user.id, { title: body.title, text: body.text });
        return { input: { document_id: document.id }, documentId: document.id };
      },
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }
}

import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { JOB_TYPES, JobEnvelopeDto, JobsService, type User } from '@app/shared';
import { DocumentsService, ingestionConfig, parseYouTubeVideoId } from '@app/ingestion';
import { SpendingPolicy } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { BCP47 } from '../documents/documents.dto.js';
import { badField, exactlyOne } from '../http/field-errors.js';
import { GenerateBlogDto } from './posts.dto.js';

/** Whole pipelines as one job. */
@ApiTags('pipelines')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly jobs: JobsService,
    private readonly documents: DocumentsService,
    @Inject(ingestionConfig.KEY) private readonly ingestion: ConfigType<typeof ingestionConfig>,
    private readonly spending: SpendingPolicy,
  ) {}

  /**
   * Writes a blog post from a document of the caller's (`document_id`), from pasted `text` (a
   * document is created from it first) or from a `youtube_url` (the job imports the video's
   * transcript first; `document_id` is null in this answer and set on the job once the document
   * exists): outline → SEO, chapters and (with `options.images`) the
   * image plan and each chapter's image in parallel → compose → the post. Answers 202 with the generate_blog job; its output
   * has `post_id` and the job's tokens and cost.
   */
  @Post('generate_blog')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiPaymentRequired()
  async generateBlog(@CurrentUser() user: User, @Body() body: GenerateBlogDto): Promise<JobEnvelopeDto> {
    const source = exactlyOne(body, 'document_id', 'text', 'youtube_url');
    const videoId = source === 'youtube_url' ? parseYouTubeVideoId(body.youtube_url!) : null;
    if (source === 'youtube_url' && !videoId) throw badField('youtube_url', 'youtube_url must be a YouTube video link (watch, youtu.be, shorts, embed or live)');
    // Before any write: a 402 leaves no document behind.
    await this.spending.assertCanSpend(user.id, { chat: true, images: body.options?.images === true });
    let documentId: string | null = null;
    if (source === 'document_id') {
      documentId = (await this.documents.get(user.id, body.document_id!)).id;
    } else if (source === 'text') {
      const max = this.ingestion.documentMaxChars;
      if (body.text!.length > max) throw badField('text', `text must be at most ${max} characters`);
      const document = await this.documents.create({ userId: user.id, sourceType: 'text', title: body.title, text: body.text! });
      documentId = document.id;
    }
    const options = body.options ? JSON.parse(JSON.stringify(body.options)) : {};
    // The post's language, when given as a language tag, is the captions' first choice.
    const language = body.options?.language;
    const youtube = videoId ? { video_id: videoId, langs: language && BCP47.test(language) ? [language] : [] } : undefined;
    const job = await this.jobs.create({
      userId: user.id,
      type: JOB_TYPES.GENERATE_BLOG,
      input: documentId ? { document_id: documentId, options } : { youtube, options },
      documentId,
    });
    return JobEnvelopeDto.from(job);
  }
}


import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobEnvelopeDto, type User } from '@app/shared';
import { DocumentsService } from '@app/ingestion';
import { JobLauncher } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { generateBlogCommand } from './generate-blog.command.js';
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
   * has `post_id` and the job's tokens and cost.
   */
  @Post('generate_blog')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiPaymentRequired()
  async generateBlog(
    @CurrentUser() user: User,
    @Body() body: GenerateBlogDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const launched = await this.launcher.launch(generateBlogCommand(user.id, body, this.documents, key));
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }
}

import { Body, Controller, Headers, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobEnvelopeDto, type User } from '@app/shared';
import { JobLauncher } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { forceStatus } from '../http/force-status.js';
import { prefersEstimate, QuoteDto } from '../jobs/job-cost.dto.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { GenerateBlogCommands } from './generate-blog.command.js';
import { GenerateBlogDto } from './pipelines.dto.js';

/** Whole pipelines as one job. */
@ApiTags('pipelines')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/pipelines')
export class PipelinesController {
  constructor(
    private readonly launcher: JobLauncher,
    private readonly commands: GenerateBlogCommands,
  ) {}

  /**
   * Writes a blog post from a document of the caller's (`document_id`), from pasted `text` (a
   * document is created from it first) or from a `youtube_url` (the job imports the video's
   * transcript first; `document_id` is null in this answer and set on the job once the document
   * exists): outline → SEO, chapters and (with `options.images`) the
   * image plan and each chapter's image in parallel → compose → the post. Answers 202 with the generate_blog job; its output
   * has `post_id` and the job's tokens and cost. With `dry_run: true` (or `Prefer: return=estimate`) answers 200 with what
   * the run would cost per step instead (no job, no usage, no charge); `options.max_cost` caps the run. A pasted text or a
   * document too short once cleaned is 422 `source_too_short` (naming the minimum); asking the extractive engine for a
   * language other than the source's is 422 `language_unsupported`; a `brand_voice_id` not of the caller's is 404.
   */
  @Post('generate_blog')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiOkResponse({ type: QuoteDto, description: 'a price quote (dry_run or Prefer: return=estimate); nothing was started' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`return=estimate`: answer 200 with a price quote instead of starting the job' })
  @ApiPaymentRequired()
  @ApiResponse({ status: 404, description: 'document_not_found or brand_voice_not_found: not the caller\'s' })
  @ApiResponse({
    status: 422,
    description:
      'source_too_short: the text has too few words or sentences once cleaned (`min_words`, `min_sentences`, `words`, `sentences`); ' +
      'language_unsupported: the extractive engine was asked for a language other than the source\'s',
  })
  async generateBlog(
    @CurrentUser() user: User,
    @Body() body: GenerateBlogDto,
    @Headers('prefer') prefer: string | undefined,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto | QuoteDto> {
    const command = await this.commands.build(user.id, body, key);
    if (body.dry_run === true || prefersEstimate(prefer)) {
      const quote = await this.launcher.quote(command);
      forceStatus(res, HttpStatus.OK);
      return quote;
    }
    const launched = await this.launcher.launch(command);
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }
}

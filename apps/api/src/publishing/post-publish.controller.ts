import { Body, Controller, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobEnvelopeDto, type User } from '@app/shared';
import { PublishLauncher } from '@app/publishing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { answerLaunch, preferredWaitSeconds } from '../jobs/launch-answer.js';
import { PublishPostDto } from './publish-targets.dto.js';

/** Sending a post to a blog. */
@ApiTags('publishing')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/posts')
export class PostPublishController {
  constructor(private readonly publisher: PublishLauncher) {}

  /**
   * Publishes the post to a target as a publish_post job: its chapter images are uploaded to the
   * blog first and their URLs rewritten, then the remote post is created, or updated when this post
   * was published to this target before (never duplicated; written again when it was deleted on
   * the blog), with title, slug, excerpt, tags from
   * the keywords, feature image and status (`future` schedules it at `scheduled_at`). The job's
   * output and GET /posts/{id} (`publications`) carry the remote id and URL; `post.published` goes
   * to webhooks. The blog's refusals end the job with `publish_unauthorized`, `publish_target_gone`,
   * `publish_too_large` or `publish_rejected`; 5xx answers and timeouts (`publish_upstream_error`)
   * are retried with backoff.
   */
  @Post(':id/publish')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('posts:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; poll GET /api/v1/jobs/{job_id}' })
  @ApiResponse({ status: 404, description: 'post_not_found or publish_target_not_found: not the caller\'s' })
  async publish(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PublishPostDto,
    @Headers('prefer') prefer: string | undefined,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const waitSeconds = preferredWaitSeconds(prefer);
    const launched = await this.publisher.launch({
      userId: user.id,
      postId: id,
      targetId: body.target_id,
      status: body.status,
      scheduledAt: body.scheduled_at ? new Date(body.scheduled_at) : null,
      idempotencyKey: key,
      waitSeconds,
    });
    return answerLaunch(res, launched, waitSeconds) as JobEnvelopeDto;
  }
}

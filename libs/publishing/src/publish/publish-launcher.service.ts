import { Injectable } from '@nestjs/common';
import { DomainError, JOB_TYPES } from '@app/shared';
import { JobLauncher, type Launched, PostsService } from '@app/ai';
import type { PublishStatus } from '../blogs/blog-client.js';
import { PublishTargetsService } from '../targets/publish-targets.service.js';
import type { PublishPostInput } from './publish-post.handler.js';

/** A validated request to publish a post. */
export interface PublishRequest {
  userId: string;
  postId: string;
  targetId: string;
  status: PublishStatus;
  scheduledAt?: Date | null;
  idempotencyKey?: string;
  waitSeconds?: number;
}

/** How far ahead a post may be scheduled. */
const MAX_SCHEDULE_AHEAD_MS = 5 * 365 * 86_400_000;

/**
 * Starts a publish_post job through the JobLauncher, once the post and the target are the caller's
 * (404 otherwise) and a schedule makes sense: `future` needs a `scheduled_at` ahead of now, the
 * other statuses take none.
 */
@Injectable()
export class PublishLauncher {
  constructor(
    private readonly launcher: JobLauncher,
    private readonly posts: PostsService,
    private readonly targets: PublishTargetsService,
  ) {}

  async launch(request: PublishRequest): Promise<Launched> {
    const scheduledAt = request.scheduledAt ?? null;
    if (request.status === 'future') {
      if (!scheduledAt) throw DomainError.badField('scheduled_at', 'is required with status future');
      const ahead = scheduledAt.getTime() - Date.now();
      if (ahead <= 0) throw DomainError.badField('scheduled_at', 'must be in the future');
      if (ahead > MAX_SCHEDULE_AHEAD_MS) throw DomainError.badField('scheduled_at', 'must be within 5 years');
    } else if (scheduledAt) {
      throw DomainError.badField('scheduled_at', 'is only taken with status future');
    }
    await this.posts.get(request.userId, request.postId);
    await this.targets.get(request.userId, request.targetId);
    const input: PublishPostInput = { post_id: request.postId, target_id: request.targetId, status: request.status, scheduled_at: scheduledAt?.toISOString() ?? null };
    return this.launcher.launch({
      userId: request.userId,
      type: JOB_TYPES.PUBLISH_POST,
      input: { ...input },
      ...(request.idempotencyKey ? { idempotency: { key: request.idempotencyKey, fingerprint: input } } : {}),
      waitSeconds: request.waitSeconds ?? 0,
    });
  }
}

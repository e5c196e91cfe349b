import type { Job } from '../jobs/job.entity.js';
import type { WebhookEventInput } from './webhook-events.publisher.js';

/** The webhook event of a job that ended: `job.succeeded`, `job.failed` or `job.canceled`, once per job. */
export function jobFinishedEvent(job: Job): WebhookEventInput {
  const status = job.status as 'succeeded' | 'failed' | 'canceled';
  const postId = job.output?.post_id;
  return {
    userId: job.userId,
    type: `job.${status}`,
    key: `job.${status}:${job.id}`,
    data: {
      job_id: job.id,
      type: job.type,
      status,
      document_id: job.documentId ?? null,
      ...(typeof postId === 'string' ? { post_id: postId } : {}),
      error: job.error ? { code: job.error.code, message: job.error.message } : null,
      finished_at: (job.finishedAt ?? new Date()).toISOString(),
      href: `/api/v1/jobs/${job.id}`,
    },
  };
}

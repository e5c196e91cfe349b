import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES, type JobStatus } from '@app/shared';
import { JobErrorDto } from '../jobs/jobs.dto.js';

/**
 * The bodies Scriptorium POSTs to webhook endpoints (documented, never received by the API):
 * `{type, timestamp, data}`, signed with the Standard Webhooks headers.
 */
export class JobWebhookDataDto {
  job_id!: string;
  /** The job type, e.g. generate_blog. */
  type!: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;
  document_id!: string | null;
  /** The post the job wrote (generate_blog). */
  post_id?: string;
  error!: JobErrorDto | null;
  finished_at!: string;
  /** Read the whole job here. */
  href!: string;
}

export class JobWebhookEventDto {
  @ApiProperty({ enum: ['job.succeeded', 'job.failed', 'job.canceled'] })
  type!: 'job.succeeded' | 'job.failed' | 'job.canceled';
  /** When the event happened. */
  timestamp!: string;
  data!: JobWebhookDataDto;
}

export class PostWebhookDataDto {
  post_id!: string;
  job_id!: string | null;
  document_id!: string | null;
  title!: string;
  slug!: string;
  version!: number;
  href!: string;
  /** post.published: the publishing target, its kind, and the post's id, URL and status on the blog. */
  target_id?: string;
  target_kind?: string;
  remote_id?: string;
  remote_url?: string | null;
  remote_status?: string;
}

export class PostWebhookEventDto {
  @ApiProperty({ enum: ['post.created', 'post.published'] })
  type!: 'post.created' | 'post.published';
  timestamp!: string;
  data!: PostWebhookDataDto;
}

export class UsageThresholdWebhookDataDto {
  /** The UTC month, YYYY-MM. */
  period!: string;
  /** The threshold reached (USAGE_ALERT_THRESHOLDS_MICROS), in micro-USD. */
  threshold_micros!: number;
  /** The month-to-date cost when it was reached, in micro-USD. */
  cost_micros!: number;
  href!: string;
}

export class UsageThresholdWebhookEventDto {
  @ApiProperty({ enum: ['usage.threshold_reached'] })
  type!: 'usage.threshold_reached';
  timestamp!: string;
  data!: UsageThresholdWebhookDataDto;
}

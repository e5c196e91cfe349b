import { ApiProperty } from '@nestjs/swagger';
import { JOB_STATUSES, type JobStatus } from './job-types.js';
import type { Job } from './job.entity.js';

/** What every endpoint that starts async work answers with (202). */
export class JobEnvelopeDto {
  job_id!: string;
  type!: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;
  document_id?: string | null;
  /** Where to read the job back. */
  href!: string;
  created_at!: string;

  static from(job: Job): JobEnvelopeDto {
    return {
      job_id: job.id,
      type: job.type,
      status: job.status,
      document_id: job.documentId ?? null,
      href: `/api/v1/jobs/${job.id}`,
      created_at: job.createdAt.toISOString(),
    };
  }
}

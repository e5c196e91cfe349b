import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { type JobError, JOB_STATUSES, type JobStatus, type JobStepSummary, PageQueryDto, IsOptionalNotNull } from '@app/shared';
import type { JobDetailFields } from './job-detail.reader.js';

export class JobListQueryDto extends PageQueryDto {
  @ApiProperty({ enum: JOB_STATUSES, required: false })
  @IsOptionalNotNull()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  /** A job type, e.g. generate_blog. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z_]+$/, { message: 'type must be a job type such as generate_blog' })
  type?: string;
}

export class JobErrorDto {
  /** Stable machine code. */
  code!: string;
  message!: string;
}

/** Which models a step was routed to and which really served it. */
export class JobStepRoutingDto {
  /** The step's routes in order of preference (provider:model); empty: the default model. */
  routes!: string[];
  /** The provider:model whose output the step used (a fallback route when the first failed); empty until it ran. */
  served_by!: string[];
}

export class JobStepDto {
  name!: string;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] })
  status!: string;
  attempts!: number;
  started_at!: string;
  finished_at!: string | null;
  duration_ms!: number | null;
  error!: JobErrorDto | null;
  /** For a step that calls a model: its routing. */
  @ApiProperty({ type: JobStepRoutingDto, required: false })
  routing?: JobStepRoutingDto;

  static from(step: JobStepSummary): JobStepDto {
    return {
      name: step.name,
      status: step.status,
      attempts: step.attempts,
      started_at: step.startedAt.toISOString(),
      finished_at: step.finishedAt?.toISOString() ?? null,
      duration_ms: step.finishedAt ? step.finishedAt.getTime() - step.startedAt.getTime() : null,
      error: (step.error as JobError | null | undefined) ?? null,
    };
  }
}

export class JobSummaryDto {
  id!: string;
  /** The same as `id`, under the name the launch answer (job envelope) gives it. */
  job_id!: string;
  type!: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;
  document_id!: string | null;
  attempts!: number;
  max_attempts!: number;
  error!: JobErrorDto | null;
  created_at!: string;
  started_at!: string | null;
  finished_at!: string | null;
  cancel_requested_at!: string | null;
  /** Wall time from start to finish, when finished. */
  duration_ms!: number | null;

  static from(job: JobDetailFields): JobSummaryDto {
    return {
      id: job.id,
      job_id: job.id,
      type: job.type,
      status: job.status,
      document_id: job.documentId ?? null,
      attempts: job.attempts,
      max_attempts: job.maxAttempts,
      error: job.error ?? null,
      created_at: job.createdAt.toISOString(),
      started_at: job.startedAt?.toISOString() ?? null,
      finished_at: job.finishedAt?.toISOString() ?? null,
      cancel_requested_at: job.cancelRequestedAt?.toISOString() ?? null,
      duration_ms: job.startedAt && job.finishedAt ? job.finishedAt.getTime() - job.startedAt.getTime() : null,
    };
  }
}

export class JobDetailDto extends JobSummaryDto {
  /** What the job was asked to do. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  input!: Record<string, unknown>;
  /** The result, once succeeded. */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  output!: Record<string, unknown> | null;
  steps!: JobStepDto[];

  static fromWithSteps(job: JobDetailFields, steps: JobStepSummary[], routing?: (step: string) => JobStepRoutingDto | undefined): JobDetailDto {
    return {
      ...JobSummaryDto.from(job),
      input: job.input,
      output: job.output ?? null,
      steps: steps.map((step) => {
        const dto = JobStepDto.from(step);
        const routed = routing?.(step.name);
        return routed ? { ...dto, routing: routed } : dto;
      }),
    };
  }
}

export class JobListDto {
  items!: JobSummaryDto[];
  next_cursor!: string | null;
}

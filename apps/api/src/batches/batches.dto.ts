import { Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsInt, IsObject, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { type BatchProgress, IsOptionalNotNull, JOB_STATUSES, type JobStatus } from '@app/shared';
import type { BatchChild, BatchView } from '@app/ai';
import { MAX_COST_LIMIT } from '../jobs/job-cost.dto.js';
import { JobErrorDto, JobSummaryDto } from '../jobs/jobs.dto.js';
import { BlogOptionsDto } from '../pipelines/pipelines.dto.js';

/** Most document ids one request may name (BATCH_MAX_ITEMS may be lower). */
export const BATCH_DOCUMENT_IDS_MAX = 1000;

export class CreateBatchDto {
  /** Documents of the caller's, one post each. Give exactly one of document_ids, youtube_url and drive_folder_id. */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BATCH_DOCUMENT_IDS_MAX)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  document_ids?: string[];

  /** A YouTube playlist (`/playlist?list=…`) or channel (`/channel/UC…`, `/@handle`) link: one post per video, newest first, up to `limit`. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  youtube_url?: string;

  /** A Google Drive folder id: its files are imported (an ingest_drive_folder child job), then one post per document. */
  @IsOptionalNotNull()
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, { message: 'drive_folder_id must be a Google Drive folder id' })
  drive_folder_id?: string;

  /** With drive_folder_id: also the files of subfolders. */
  @IsOptionalNotNull()
  @IsBoolean()
  recursive?: boolean;

  /** With youtube_url: the most videos to write about (1–500, default 50). */
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** The generate_blog options every post gets; `options.max_cost` caps each post on its own. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => BlogOptionsDto)
  options?: BlogOptionsDto;

  /**
   * The most the whole batch may cost, in the account currency's minor units (USD cents). Before
   * each post the batch adds what finished posts cost, the estimates of running ones and the next
   * post's quote; a post that would pass it is not started, nor any after it (`skipped`).
   */
  @ValidateIf((body: CreateBatchDto) => body.max_cost !== undefined)
  @IsInt()
  @Min(1)
  @Max(MAX_COST_LIMIT)
  max_cost?: number;
}

export class BatchProgressDto implements BatchProgress {
  /** Posts to make: the items read from the source (0 until it was read). */
  total!: number;
  /** Not launched yet. */
  pending!: number;
  queued!: number;
  running!: number;
  succeeded!: number;
  /** Failed, or could not be launched (a document gone …). */
  failed!: number;
  canceled!: number;
  /** Never launched: max_cost would have been passed, or the batch was canceled or failed first. */
  skipped!: number;
  /** What every child was billed so far, micro-USD. */
  cost_micros!: number;
}

export class BatchChildDto {
  job_id!: string;
  /** generate_blog, or ingest_drive_folder for a Drive folder's import. */
  type!: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;
  document_id!: string | null;
  error!: JobErrorDto | null;
  /** Billed so far, micro-USD. */
  cost_micros!: number;
  created_at!: string;
  finished_at!: string | null;

  static from(child: BatchChild): BatchChildDto {
    return {
      job_id: child.id,
      type: child.type,
      status: child.status,
      document_id: child.documentId,
      error: child.error ? { code: child.error.code, message: child.error.message } : null,
      cost_micros: child.billedMicros,
      created_at: child.createdAt.toISOString(),
      finished_at: child.finishedAt?.toISOString() ?? null,
    };
  }
}

export class BatchDto extends JobSummaryDto {
  /** The batch's total cap in micro-USD; null: none. */
  @ApiProperty({ type: Number, nullable: true })
  max_cost_micros!: number | null;
  progress!: BatchProgressDto;
  /** Why the batch stopped launching posts before the end (`max_cost`, `credits_exhausted` …); null otherwise. */
  @ApiProperty({ type: String, nullable: true })
  stopped_reason!: string | null;
  /** The child jobs, oldest first. */
  children!: BatchChildDto[];

  static fromView(view: BatchView): BatchDto {
    const output = (view.batch.output ?? {}) as { stopped_reason?: string | null };
    return {
      ...JobSummaryDto.from(view.batch),
      max_cost_micros: view.batch.maxCostMicros ?? null,
      progress: view.progress,
      stopped_reason: output.stopped_reason ?? null,
      children: view.children.map((child) => BatchChildDto.from(child)),
    };
  }
}

export class BatchListDto {
  items!: JobSummaryDto[];
  next_cursor!: string | null;
}

import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { JOB_STATUSES, type Job, type JobStatus, IsOptionalNotNull } from '@app/shared';
import { UpdateDocumentDto } from '../documents/documents.dto.js';
import { JobErrorDto } from '../jobs/jobs.dto.js';
import { DryRunDto, JobCostOptionsDto } from '../jobs/job-cost.dto.js';

export const MAX_STEP_TEXT = 400_000;

/** The source of a step: pasted `text`, or one of the caller's documents. */
export class SourceDto {
  /** Source text; give this or document_id. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_STEP_TEXT)
  text?: string;

  /** A document of the caller's; give this or text. */
  @IsOptionalNotNull()
  @IsUUID()
  document_id?: string;
}

export class PlanChapterDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(1000)
  summary?: string;
}

/** A chapter an outline of the caller's already has: a title, maybe a summary and key points. */
export class GivenOutlineChapterDto extends PlanChapterDto {
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(8)
  @MaxLength(300, { each: true })
  key_points?: string[];
}

export class GivenOutlineDto {
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  title?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GivenOutlineChapterDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  chapters!: GivenOutlineChapterDto[];
}

/** An outline to align SEO fields with: its title, maybe its chapters (outline.generate's `outline` fits). */
export class SeoOutlineDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GivenOutlineChapterDto)
  @ArrayMaxSize(20)
  chapters?: GivenOutlineChapterDto[];
}

/** A chapter to compose from (chapters.organize's chapters fit): a title, maybe a summary and where it starts. */
export class ComposeChapterDto extends PlanChapterDto {
  /** Start in the source's timeline, in seconds (chapters.organize gives it for transcripts). */
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  start_s?: number;
}

/** How a text should read: shared by the outline options, seo.generate and blog.compose. */
export class StyleDto {
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(60)
  tone?: string;

  /** Words the post should have. */
  @IsOptionalNotNull()
  @IsInt()
  @Min(100)
  @Max(10_000)
  length?: number;

  /**
   * The language to write in (a tag such as `de` or a name such as `German`); the source's when
   * absent. The extractive engine writes only in the source's language (422 `language_unsupported`).
   */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(35)
  language?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(120)
  audience?: string;

  /** One of the caller's brand voices (`/api/v1/brand-voices`): every writing step is told to write in it. */
  @IsOptionalNotNull()
  @IsUUID()
  brand_voice_id?: string;
}

export class WritingOptionsDto extends StyleDto {
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(20)
  chapters_count?: number;

  /** An outline to respect: its chapter titles are kept. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => GivenOutlineDto)
  outline?: GivenOutlineDto;
}

/** A model step's request: may be a quote (`dry_run`), may cap its cost (`options.max_cost`). */
export class PaidStepDto extends DryRunDto {
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => JobCostOptionsDto)
  options?: JobCostOptionsDto;
}

export class OutlineStepOptionsDto extends IntersectionType(WritingOptionsDto, JobCostOptionsDto) {}

export class OutlineStepDto extends IntersectionType(SourceDto, DryRunDto) {
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => OutlineStepOptionsDto)
  options?: OutlineStepOptionsDto;
}

export class ChaptersStepDto extends IntersectionType(SourceDto, PaidStepDto) {
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(20)
  chapters_count?: number;
}

export class SeoStepDto extends IntersectionType(SourceDto, OmitType(StyleDto, ['length'] as const), PaidStepDto) {
  /** An outline (title and chapters) to align the SEO fields with. */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SeoOutlineDto)
  outline?: SeoOutlineDto;
}

export class AvailableImageDto {
  @IsString()
  @MaxLength(64)
  id!: string;

  @IsString()
  @MaxLength(255)
  name!: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  alt?: string;
}

export class ImagesPlanStepDto extends PaidStepDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlanChapterDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  chapters!: PlanChapterDto[];

  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AvailableImageDto)
  @ArrayMaxSize(100)
  available_images?: AvailableImageDto[];
}

export class PlannedImageDto {
  /** The chapter's position, from 0. */
  @IsInt()
  @Min(0)
  @Max(49)
  chapter_index!: number;

  /** What to generate when no image of the user's is chosen. */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  prompt!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(125)
  alt_text!: string;

  @IsOptionalNotNull()
  @IsIn(['before', 'after'])
  placement?: 'before' | 'after';

  /** One of the caller's images to use instead of generating (an images.plan choice). */
  @IsOptionalNotNull()
  @IsUUID()
  media_id?: string;
}

export class ImagesGenerateStepDto extends PaidStepDto {
  /** The plan (images.plan's `images`): one entry per chapter that gets an image. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PlannedImageDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  images!: PlannedImageDto[];
}

export class ComposeStepDto extends IntersectionType(SourceDto, StyleDto, PaidStepDto) {
  /** The outline to write from (e.g. outline.generate's `outline`). */
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => GivenOutlineDto)
  outline?: GivenOutlineDto;

  /** Or chapters (e.g. chapters.organize's `chapters`). */
  @IsOptionalNotNull()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ComposeChapterDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  chapters?: ComposeChapterDto[];
}

export class PersistStepDto {
  @IsUUID()
  document_id!: string;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateDocumentDto)
  fields!: UpdateDocumentDto;

  /** The version the change is based on; a stale one is 412. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class PersistResultDto {
  document_id!: string;
  version!: number;
}

/** A step finished within `Prefer: wait`: its result inline. */
export class StepResultDto {
  job_id!: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status!: JobStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  result!: Record<string, unknown> | null;
  error!: JobErrorDto | null;

  static from(job: Job): StepResultDto {
    return { job_id: job.id, status: job.status, result: job.output ?? null, error: job.error ?? null };
  }
}

export const SOURCE_FIELDS = ['text', 'document_id'] as const;

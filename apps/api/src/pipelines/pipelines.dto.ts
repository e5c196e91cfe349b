import { Type } from 'class-transformer';
import { IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@app/shared';
import { MAX_TEXT_CHARS } from '../documents/documents.dto.js';
import { DryRunDto, JobCostOptionsDto } from '../jobs/job-cost.dto.js';
import { WritingOptionsDto } from '../steps/steps.dto.js';

export class BlogOptionsDto extends IntersectionType(WritingOptionsDto, JobCostOptionsDto) {
  /** Plan an image (prompt, alt text, placement) per chapter. */
  @IsOptionalNotNull()
  @IsBoolean()
  images?: boolean;
}

export class GenerateBlogDto extends DryRunDto {
  /** A document of the caller's. Give exactly one of document_id, text and youtube_url. */
  @IsOptionalNotNull()
  @IsUUID()
  document_id?: string;

  /** Pasted source text: a document is created from it first. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_CHARS)
  text?: string;

  /**
   * A YouTube video link (watch, youtu.be, shorts, embed, live): the job first imports its captions
   * (in `options.language` when it has them) or transcribes its audio into a document, named in the
   * job's `document_id` and output once it exists.
   */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  youtube_url?: string;

  /** Title of the document created from text (from the text's first line when absent). */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  title?: string;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => BlogOptionsDto)
  options?: BlogOptionsDto;
}

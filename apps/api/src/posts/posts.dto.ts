import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/shared';
import type { Post, PostView } from '@app/ai';
import { DEFAULT_DOCUMENT_MAX_CHARS } from '@app/ingestion';
import { SigningTtlField } from '../media/signing-ttl.js';
import { WritingOptionsDto } from '../steps/steps.dto.js';

/** Bounded here as in DOCUMENT_MAX_CHARS' default; the controller enforces the configured value. */
export const MAX_PIPELINE_TEXT = DEFAULT_DOCUMENT_MAX_CHARS;

export class BlogOptionsDto extends WritingOptionsDto {
  /** Plan an image (prompt, alt text, placement) per chapter. */
  @IsOptional()
  @IsBoolean()
  images?: boolean;
}

export class GenerateBlogDto {
  /** A document of the caller's. Give exactly one of document_id, text and youtube_url. */
  @IsOptional()
  @IsUUID()
  document_id?: string;

  /** Pasted source text: a document is created from it first. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PIPELINE_TEXT)
  text?: string;

  /**
   * A YouTube video link (watch, youtu.be, shorts, embed, live): the job first imports its captions
   * (in `options.language` when it has them) or transcribes its audio into a document, named in the
   * job's `document_id` and output once it exists.
   */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  youtube_url?: string;

  /** Title of the document created from text (from the text's first line when absent). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => BlogOptionsDto)
  options?: BlogOptionsDto;
}

export class PostListQueryDto extends PageQueryDto {}

export class PostQueryDto {
  /** An earlier version (1 … the current one); the current version when absent. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version?: number;
}

export const EXPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const IMAGE_URL_MODES = ['stable', 'signed'] as const;
export type ImageUrlMode = (typeof IMAGE_URL_MODES)[number];

export class PostExportQueryDto extends PostQueryDto {
  @ApiProperty({ enum: EXPORT_FORMATS, required: false, default: 'md' })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  /**
   * How image URLs are written: `stable` (served to the owner's credentials) or `signed` (served
   * to anyone until they expire, for publishing the file elsewhere).
   */
  @ApiProperty({ enum: IMAGE_URL_MODES, required: false, default: 'stable' })
  @IsOptional()
  @IsIn(IMAGE_URL_MODES)
  image_urls?: ImageUrlMode;

  /** Lifetime of signed image URLs in seconds (60 … MEDIA_URL_TTL_S, default MEDIA_URL_TTL_S); only with image_urls=signed. */
  @SigningTtlField()
  ttl_s?: number;
}

export class UpdatePostDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** The whole post in Markdown; the HTML is rendered (and sanitized) from it again. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_PIPELINE_TEXT)
  markdown?: string;

  @IsOptional()
  @IsString({ each: true })
  @ArrayMinSize(0)
  @ArrayMaxSize(20)
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  keywords?: string[];
}

export class PostSummaryDto {
  id!: string;
  document_id!: string | null;
  job_id!: string | null;
  title!: string;
  slug!: string;
  description!: string;
  keywords!: string[];
  /** The version read; edits make new versions. */
  version!: number;
  created_at!: string;
  updated_at!: string;

  static from(post: Post | PostView): PostSummaryDto {
    return {
      id: post.id,
      document_id: post.documentId ?? null,
      job_id: post.jobId ?? null,
      title: post.title,
      slug: post.slug,
      description: post.description,
      keywords: post.keywords,
      version: post.version,
      created_at: post.createdAt.toISOString(),
      updated_at: post.updatedAt.toISOString(),
    };
  }
}

export class PostChapterDto {
  heading!: string;
  markdown!: string;
}

export class PostDto extends PostSummaryDto {
  /** The newest version of this post. */
  latest_version!: number;
  markdown!: string;
  /** Sanitized HTML of the Markdown. */
  html!: string;
  chapters!: PostChapterDto[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  images!: Record<string, unknown>[];
  /** Word count, reading minutes, engine, length note … */
  @ApiProperty({ type: 'object', additionalProperties: true })
  meta!: Record<string, unknown>;

  static fromView(post: PostView): PostDto {
    return {
      ...PostSummaryDto.from(post),
      latest_version: post.latestVersion,
      markdown: post.markdown,
      html: post.html,
      chapters: post.chapters,
      images: post.images,
      meta: post.meta,
    };
  }
}

export class PostListDto {
  items!: PostSummaryDto[];
  next_cursor!: string | null;
}

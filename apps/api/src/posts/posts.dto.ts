import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull, PageQueryDto } from '@app/shared';
import type { Post, PostCitations, PostView } from '@app/ai';
import { queryBoolean } from '../http/query-boolean.js';
import { SigningTtlField } from '../media/signing-ttl.js';
import { MAX_TEXT_CHARS } from '../documents/documents.dto.js';
import { PostPublicationDto } from '../publishing/publish-targets.dto.js';

export class PostListQueryDto extends PageQueryDto {}

export class PostQueryDto {
  /** An earlier version (1 … the current one); the current version when absent. */
  @IsOptionalNotNull()
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
  @IsOptionalNotNull()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  /**
   * How image URLs are written: `stable` (served to the owner's credentials) or `signed` (served
   * to anyone until they expire, for publishing the file elsewhere).
   */
  @ApiProperty({ enum: IMAGE_URL_MODES, required: false, default: 'stable' })
  @IsOptionalNotNull()
  @IsIn(IMAGE_URL_MODES)
  image_urls?: ImageUrlMode;

  /** Lifetime of signed image URLs in seconds (60 … MEDIA_URL_TTL_S, default MEDIA_URL_TTL_S); only with image_urls=signed. */
  @SigningTtlField()
  ttl_s?: number;

  /**
   * `md` and `html`: show after each generated paragraph the source spans it came from (a YouTube
   * video's as `watch?v=…&t=…s` links, other recordings as times, PDFs as pages, text as character
   * offsets). `json` always carries `citations`.
   */
  @IsOptionalNotNull()
  @Transform(queryBoolean)
  @IsBoolean()
  citations?: boolean;
}

export class ReplaceChapterImageDto {
  /** One of your media (an image): it replaces the chapter's image. */
  @IsDefined()
  @IsUUID()
  media_id!: string;
}

export class UpdatePostDto {
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @IsOptionalNotNull()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** The whole post in Markdown; the HTML is rendered (and sanitized) from it again. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_CHARS)
  markdown?: string;

  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @ArrayMinSize(0)
  @ArrayMaxSize(20)
  @MinLength(1, { each: true })
  @MaxLength(60, { each: true })
  keywords?: string[];

  /** The post's URL segment: lowercase letters, digits and single hyphens; 409 `slug_taken` when another of your posts has it. Not versioned. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters, digits and single hyphens' })
  slug?: string;
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
  /** Word count, reading minutes, engine, language, length note, warnings (options the engine could not apply, fewer chapters than asked), quality … */
  @ApiProperty({ type: 'object', additionalProperties: true })
  meta!: Record<string, unknown>;
  /** The language the post is written in (ISO 639-1 when known). */
  language!: string | null;
  /** The generated introduction and conclusion (Markdown; also in `markdown`). */
  introduction!: string;
  conclusion!: string;
  /**
   * Where each generated paragraph came from: `{source: {kind: text|captions|pdf|youtube, video_id?},
   * paragraphs: [{section: introduction|chapter|conclusion, chapter_index?, paragraph, fingerprint,
   * sources: [{sentence, start, end, start_s?, end_s?, page?}]}]}`; `start`/`end` are character
   * offsets into the document's text. Null for a post written before citations existed.
   */
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  citations!: PostCitations | null;

  /** GET /posts/{id}: where the post is published, one entry per target, most recently published first. */
  @ApiProperty({ type: () => PostPublicationDto, isArray: true, required: false })
  publications?: PostPublicationDto[];

  /** GET /posts/{id}: the post's URL on the blog it was last published to; null when it is published nowhere. */
  @ApiProperty({ type: String, nullable: true, required: false })
  published_url?: string | null;

  static fromView(post: PostView): PostDto {
    return {
      ...PostSummaryDto.from(post),
      latest_version: post.latestVersion,
      markdown: post.markdown,
      html: post.html,
      chapters: post.chapters,
      images: post.images,
      meta: post.meta,
      language: post.language,
      introduction: post.introduction,
      conclusion: post.conclusion,
      citations: post.citations,
    };
  }
}

export class PostListDto {
  items!: PostSummaryDto[];
  next_cursor!: string | null;
}

import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/shared';
import { DEFAULT_DOCUMENT_MAX_CHARS, type Document, SOURCE_TYPES, type SourceType, TRANSCRIPTION_STATUSES } from '@app/ingestion';

/** Bounded here as in DOCUMENT_MAX_CHARS' default; the service enforces the configured value. */
export const MAX_TEXT_CHARS = DEFAULT_DOCUMENT_MAX_CHARS;

/** A BCP 47 language tag such as en or pt-BR. */
export const BCP47 = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export class CreateDocumentDto {
  /** The pasted text (plain or Markdown). */
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_CHARS)
  text!: string;

  /** Derived from the text's first line when absent. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  title?: string;

  /** Language of the text (BCP 47, e.g. en or pt-BR). */
  @IsOptionalNotNull()
  @Matches(BCP47, { message: 'lang must be a BCP 47 language tag such as en or pt-BR' })
  lang?: string;
}

export class CreateYouTubeDocumentDto {
  /** A YouTube link (watch, youtu.be, shorts, embed, live …). Send this or `video_id`. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url?: string;

  /** The 11-character video id. Send this or `url`. */
  @IsOptionalNotNull()
  @Matches(/^[A-Za-z0-9_-]{11}$/, { message: 'video_id must be an 11-character YouTube video id' })
  video_id?: string;

  /** Preferred caption languages, best first (BCP 47); another language is taken when none exists. */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(BCP47, { each: true, message: 'each of langs must be a BCP 47 language tag such as en or pt-BR' })
  langs?: string[];
}

export class CreateDriveImportDto {
  /** The Drive folder id. Send this or `folder_url`. */
  @IsOptionalNotNull()
  @Matches(/^[A-Za-z0-9_-]{10,200}$/, { message: 'folder_id must be a Google Drive folder id' })
  folder_id?: string;

  /** A Drive folder link (drive.google.com/drive/folders/…, open?id=…). Send this or `folder_id`. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  folder_url?: string;

  /** Also import the files of subfolders. */
  @IsOptionalNotNull()
  @IsBoolean()
  recursive?: boolean;
}

/** The multipart body of an upload: one or more files in the field `files` (streamed, never buffered whole). */
export class UploadDocumentsDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' } })
  files!: Blob[];
}

export class UpdateDocumentDto {
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title?: string;

  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEXT_CHARS)
  text?: string;
}

export class DocumentListQueryDto extends PageQueryDto {
  @ApiProperty({ enum: SOURCE_TYPES, required: false })
  @IsOptionalNotNull()
  @IsIn(SOURCE_TYPES)
  source_type?: SourceType;

  /** Only documents whose title or source (file name, URL) contains this text, case-insensitive. */
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class DocumentSummaryDto {
  id!: string;
  @ApiProperty({ enum: SOURCE_TYPES })
  source_type!: SourceType;
  source_ref!: string | null;
  title!: string;
  lang!: string | null;
  duration_s!: number | null;
  @ApiProperty({ enum: TRANSCRIPTION_STATUSES })
  transcription_status!: string;
  /** Characters of text. */
  text_length!: number;
  /** Bumped by every edit; send it as If-Match to edit safely. */
  version!: number;
  created_at!: string;
  updated_at!: string;

  static from(document: Document): DocumentSummaryDto {
    return {
      id: document.id,
      source_type: document.sourceType,
      source_ref: document.sourceRef ?? null,
      title: document.title,
      lang: document.lang ?? null,
      duration_s: document.durationS ?? null,
      transcription_status: document.transcriptionStatus,
      text_length: document.rawText.length,
      version: document.version,
      created_at: document.createdAt.toISOString(),
      updated_at: document.updatedAt.toISOString(),
    };
  }
}

export class DocumentDto extends DocumentSummaryDto {
  text!: string;
  media_refs!: string[];
  /** What extraction found: pages, encoding, transcript segments, the original file's name and type … */
  @ApiProperty({ type: 'object', additionalProperties: true })
  metadata!: Record<string, unknown>;

  static fromFull(document: Document): DocumentDto {
    return { ...DocumentSummaryDto.from(document), text: document.rawText, media_refs: document.mediaRefs, metadata: document.metadata };
  }
}

export class DocumentListDto {
  items!: DocumentSummaryDto[];
  next_cursor!: string | null;
}

import { Transform } from 'class-transformer';
import { IsBoolean, IsString, MaxLength } from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/shared';
import type { Media, MediaFile, MediaUrls } from '@app/ingestion';
import { queryBoolean as toBoolean } from '../http/query-boolean.js';
import { SigningTtlField } from './signing-ttl.js';

export class MediaListQueryDto extends PageQueryDto {}

export class MediaQueryDto {
  /** Adds `signed_url` and `expires_at` to the original and every variant: URLs that work without credentials until then. */
  @IsOptionalNotNull()
  @Transform(toBoolean)
  @IsBoolean()
  signed?: boolean;

  /** Lifetime of the signed URLs in seconds (60 … MEDIA_URL_TTL_S, default MEDIA_URL_TTL_S); only with signed=true. */
  @SigningTtlField()
  ttl_s?: number;
}

export class MediaFileQueryDto {
  /** Expiry of a signed URL (unix seconds), as the signed URL carries it. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(20)
  expires?: string;

  /** Signature of a signed URL: with it the file is served without credentials until `expires`. */
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  signature?: string;
}

export class MediaVariantDto {
  /** The name the file is served under: `<width>.<format>`, e.g. `768.webp`. */
  name!: string;
  /** `webp` or `avif`. */
  format!: string;
  mime!: string;
  width!: number;
  height!: number;
  bytes!: number;
  /** Stable URL: served to the owner's API key or session. */
  url!: string;
  /** With `signed=true`: a URL that works without credentials until expires_at. */
  signed_url?: string;
  /** With `signed=true`: when signed_url stops working. */
  expires_at?: string;
}

/** Signs one file's URL; absent when the caller did not ask for signed URLs. */
export type FileSigner = (file: MediaFile) => { signed_url: string; expires_at: string } | Record<string, never>;

export class MediaDto {
  id!: string;
  /** The document the file belongs to (null for a file not attached to one). */
  document_id!: string | null;
  /** Type of the original file. */
  mime!: string;
  /** Size of the original file. */
  bytes!: number;
  width!: number | null;
  height!: number | null;
  /** The name the file was uploaded under. */
  original_name!: string | null;
  alt_text!: string | null;
  created_at!: string;
  /** Stable URL of the original: served to the owner's API key or session. */
  url!: string;
  /** With `signed=true`: a URL of the original that works without credentials until expires_at. */
  signed_url?: string;
  /** With `signed=true`: when the signed URLs stop working. */
  expires_at?: string;
  /** Optimized renditions (WebP, AVIF at several widths), smallest first as stored. */
  variants!: MediaVariantDto[];

  static from(media: Media, files: MediaFile[], urls: MediaUrls, sign: FileSigner = () => ({})): MediaDto {
    const [original, ...variants] = files;
    return {
      id: media.id,
      document_id: media.documentId ?? null,
      mime: media.mime,
      bytes: media.bytes,
      width: media.width ?? null,
      height: media.height ?? null,
      original_name: media.originalName ?? null,
      alt_text: media.altText ?? null,
      created_at: media.createdAt.toISOString(),
      url: urls.url(media.id, original!.name),
      ...sign(original!),
      variants: variants.map((file) => ({
        name: file.name,
        format: file.format!,
        mime: file.mime,
        width: file.width!,
        height: file.height!,
        bytes: file.bytes,
        url: urls.url(media.id, file.name),
        ...sign(file),
      })),
    };
  }
}

export class MediaListDto {
  items!: MediaDto[];
  next_cursor!: string | null;
}

/** Shown in the API description of GET /media/{id}/{variant}. */
export const MEDIA_FILE_TYPES = ['image/webp', 'image/avif', 'image/png', 'image/jpeg', 'application/octet-stream'];

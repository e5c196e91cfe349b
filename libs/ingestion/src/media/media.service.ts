import type { Readable } from 'node:stream';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { afterCursor, DomainError, toPage } from '@app/shared';
import { Media } from '../documents/media.entity.js';
import { STORAGE, type ByteRange, type DownloadOptions, type FileStorage } from '../storage/file-storage.js';
import { StorageMissingError } from '../storage/storage.error.js';
import { ORIGINAL_VARIANT, variantName } from './media-urls.js';

/** One servable file of a media: its original or an optimized variant. */
export interface MediaFile {
  /** `original` or `<width>.<format>`. */
  name: string;
  key: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** The variant's format (`webp`, `avif`); null for the original. */
  format: string | null;
}

/** Media files of a user: listed, looked up (404 for anyone else's), resolved by variant name and streamed from storage. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger(MediaService.name);

  constructor(
    private readonly em: EntityManager,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  /** The user's media, newest first, keyset-paged like every list. */
  async list(userId: string, page: { cursor?: string; limit: number }): Promise<{ items: Media[]; nextCursor: string | null }> {
    const rows = await this.em
      .fork()
      .find(Media, { userId, ...afterCursor(page.cursor) }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: page.limit + 1 });
    return toPage(rows, page.limit);
  }

  /** The user's media; 404 for a missing id and for another user's alike. */
  async get(userId: string, id: string): Promise<Media> {
    const media = await this.em.fork().findOne(Media, { id, userId });
    if (!media) throw notFound(id);
    return media;
  }

  /** The user's own images (uploaded or imported; generated ones left out), newest first. */
  async ownImages(userId: string, limit: number): Promise<Pick<Media, 'id' | 'originalName' | 'altText'>[]> {
    return this.em
      .fork()
      .find(Media, { userId, mime: { $like: 'image/%' }, generationKey: null }, { orderBy: { createdAt: 'desc' }, limit, fields: ['id', 'originalName', 'altText'] });
  }

  /** The newest media the user imported from this source (e.g. a Drive file id), if any. */
  async findLatestBySource(userId: string, sourceType: string, sourceRef: string): Promise<Media | null> {
    return this.em.fork().findOne(Media, { userId, sourceType, sourceRef }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Of `ids`, those that are not images of the user's. */
  async notImagesOf(userId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const own = await this.em.fork().find(Media, { id: { $in: [...ids] }, userId, mime: { $like: 'image/%' } }, { fields: ['id'] });
    const found = new Set(own.map((media) => media.id));
    return ids.filter((id) => !found.has(id));
  }

  /** A media whoever owns it: only for a request already authorized for this id (a verified signed URL). */
  async getAuthorized(id: string): Promise<Media> {
    const media = await this.em.fork().findOne(Media, { id });
    if (!media) throw notFound(id);
    return media;
  }

  /** Every servable file of a media: the original first, then its variants. */
  files(media: Media): MediaFile[] {
    return [
      {
        name: ORIGINAL_VARIANT,
        key: media.storageKey,
        mime: media.mime,
        bytes: media.bytes,
        width: media.width ?? null,
        height: media.height ?? null,
        format: null,
      },
      ...media.variants.map((variant) => ({
        name: variantName(variant),
        key: variant.key,
        mime: variant.mime,
        bytes: variant.bytes,
        width: variant.width,
        height: variant.height,
        format: variant.format,
      })),
    ];
  }

  /** The file served under `name` (`original` or `<width>.<format>`); 404 naming the variant when the media has none such. */
  resolve(media: Media, name: string): MediaFile {
    const file = this.files(media).find((candidate) => candidate.name === name);
    if (!file) {
      const known = this.files(media).map((candidate) => candidate.name).join(', ');
      throw new DomainError('not_found', `media ${media.id} has no variant ${name} (it has: ${known})`, { details: { variant: name } });
    }
    return file;
  }

  /** Opens the file (or a byte range of it) for streaming; 404 when storage no longer has it (never a 500 mid-response). */
  async open(media: Media, file: MediaFile, range?: ByteRange): Promise<Readable> {
    try {
      return await this.storage.open(file.key, range);
    } catch (error) {
      if (error instanceof StorageMissingError) {
        this.logger.warn({ msg: 'media file missing from storage', media_id: media.id, variant: file.name });
        throw new DomainError('not_found', `the ${file.name} file of media ${media.id} is no longer stored`);
      }
      throw error;
    }
  }

  /** A URL the client may download the file from directly (a presigned bucket URL), or null when the API serves it. */
  downloadUrl(file: MediaFile, options: Omit<DownloadOptions, 'mime'>): Promise<string | null> {
    return this.storage.downloadUrl(file.key, { ...options, mime: file.mime });
  }
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `media ${id} not found`);
}

import { type EntityData, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { afterCursor, DomainError, toPage } from '@app/shared';
import { ingestionConfig } from '../ingestion.config.js';
import { STORAGE, type FileStorage } from '../storage/file-storage.js';
import { Document, type SourceType, type TranscriptionStatus } from './document.entity.js';
import { deriveTitle } from './document-title.js';
import { Media } from './media.entity.js';

export interface NewDocument {
  userId: string;
  sourceType: SourceType;
  sourceRef?: string | null;
  /** The source's revision (see Document.sourceRevision); unique per user and source. */
  sourceRevision?: string | null;
  title?: string | null;
  text: string;
  lang?: string | null;
  durationS?: number | null;
  transcriptionStatus?: TranscriptionStatus;
  metadata?: Record<string, unknown>;
  mediaRefs?: string[];
}

/** What an edit may change; the ingesters also refresh lang, duration, transcription and media of a re-imported source. */
export interface DocumentChanges {
  title?: string;
  text?: string;
  metadata?: Record<string, unknown>;
  lang?: string | null;
  durationS?: number | null;
  transcriptionStatus?: TranscriptionStatus;
  sourceRevision?: string | null;
  /** Replaces the document's media: the new rows are linked, the ones no longer listed deleted with their files. */
  mediaRefs?: string[];
}

/** A user's own words: pasted text, or an edit of a document's title and text. */
export interface TextInput {
  title?: string | null;
  text?: string;
  lang?: string | null;
}

export interface DocumentListFilter {
  sourceType?: SourceType;
  /** Words in the title or the source (file name, URL), case-insensitive. */
  q?: string;
  cursor?: string;
  limit: number;
}

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  private readonly maxChars: number;

  constructor(
    private readonly em: EntityManager,
    @Inject(STORAGE) private readonly storage: FileStorage,
    @Inject(ingestionConfig.KEY) ingestion: ConfigType<typeof ingestionConfig>,
  ) {
    this.maxChars = ingestion.documentMaxChars;
  }

  /** A document from text the user wrote or pasted, within DOCUMENT_MAX_CHARS (400 naming `field` otherwise). */
  async createFromText(userId: string, input: TextInput & { text: string }, field = 'text'): Promise<Document> {
    this.assertWithinLimit(input.text, field);
    return this.create({ userId, sourceType: 'text', title: input.title, text: input.text, lang: input.lang });
  }

  /** The user's edit of title and/or text (PATCH, document.persist), within DOCUMENT_MAX_CHARS; see update for the version check. */
  async edit(userId: string, id: string, changes: Pick<TextInput, 'text'> & { title?: string }, expectedVersion?: number, field = 'text'): Promise<Document> {
    if (changes.text !== undefined) this.assertWithinLimit(changes.text, field);
    return this.update(userId, id, changes, expectedVersion);
  }

  /** The one place the limit on a user's own text is checked. */
  private assertWithinLimit(text: string, field: string): void {
    if (text.length > this.maxChars) {
      throw DomainError.badFields([{ field, message: `${field} must be at most ${this.maxChars} characters` }], `${field}: longer than ${this.maxChars} characters`, {
        limit_chars: this.maxChars,
      });
    }
  }

  async create(input: NewDocument): Promise<Document> {
    const em = this.em.fork();
    const document = em.create(Document, {
      userId: input.userId,
      sourceType: input.sourceType,
      sourceRef: input.sourceRef ?? null,
      sourceRevision: input.sourceRevision ?? null,
      title: input.title?.trim() || deriveTitle(input.text),
      rawText: input.text,
      lang: input.lang ?? null,
      durationS: input.durationS ?? null,
      transcriptionStatus: input.transcriptionStatus ?? 'not_needed',
      metadata: input.metadata ?? {},
      mediaRefs: input.mediaRefs ?? [],
    });
    await em.flush();
    if (input.mediaRefs?.length) {
      await em.nativeUpdate(Media, { id: { $in: input.mediaRefs }, userId: input.userId }, { documentId: document.id });
    }
    this.logger.log({ msg: 'document created', document_id: document.id, source_type: document.sourceType, chars: input.text.length });
    return document;
  }

  async list(userId: string, filter: DocumentListFilter): Promise<{ items: Document[]; nextCursor: string | null }> {
    const rows = await this.em.fork().find(
      Document,
      { userId, ...(filter.sourceType ? { sourceType: filter.sourceType } : {}), $and: [afterCursor(filter.cursor), searchFilter(filter.q)] },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: filter.limit + 1 },
    );
    return toPage(rows, filter.limit);
  }

  /** The caller's document; 404 for anyone else's. */
  async get(userId: string, id: string): Promise<Document> {
    const document = await this.em.fork().findOne(Document, { id, userId });
    if (!document) throw documentNotFound(id);
    return document;
  }

  /**
   * Changes title and/or text and bumps the version. With `expectedVersion` (If-Match, or a
   * step's `version`), a stale write is refused with 412 instead of overwriting a newer edit.
   */
  async update(
    userId: string,
    id: string,
    changes: DocumentChanges,
    expectedVersion?: number,
  ): Promise<Document> {
    const em = this.em.fork();
    const set: EntityData<Document> = {};
    if (changes.title !== undefined) set.title = changes.title.trim() || deriveTitle(changes.text ?? '');
    if (changes.text !== undefined) set.rawText = changes.text;
    if (changes.metadata !== undefined) set.metadata = changes.metadata;
    if (changes.lang !== undefined) set.lang = changes.lang;
    if (changes.durationS !== undefined) set.durationS = changes.durationS;
    if (changes.transcriptionStatus !== undefined) set.transcriptionStatus = changes.transcriptionStatus;
    if (changes.sourceRevision !== undefined) set.sourceRevision = changes.sourceRevision;
    if (changes.mediaRefs !== undefined) set.mediaRefs = changes.mediaRefs;
    const replacedMedia = changes.mediaRefs === undefined ? [] : ((await em.findOne(Document, { id, userId }))?.mediaRefs ?? []);
    // One conditional UPDATE: the version check and the write cannot interleave with another writer.
    const updated = await em.nativeUpdate(
      Document,
      { id, userId, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) },
      { ...set, version: raw('version + 1'), updatedAt: new Date() },
    );
    if (updated === 0) {
      const current = await em.findOne(Document, { id, userId });
      if (!current) throw documentNotFound(id);
      throw new DomainError('version_mismatch',
        `document ${id} is at version ${current.version}, not ${expectedVersion}: reload it and apply your change again`,
        { details: { current_version: current.version } },
      );
    }
    if (changes.mediaRefs !== undefined) await this.replaceMedia(em, userId, id, replacedMedia, changes.mediaRefs);
    return em.findOneOrFail(Document, id, { refresh: true });
  }

  /** The newest document the user imported from this source (e.g. a Drive file id), if any. */
  async findLatestBySource(userId: string, sourceType: SourceType, sourceRef: string): Promise<Document | null> {
    return this.em.fork().findOne(Document, { userId, sourceType, sourceRef }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** The user's document of this revision of a source, if one was imported. */
  async findBySourceRevision(userId: string, sourceType: SourceType, sourceRef: string, sourceRevision: string): Promise<Document | null> {
    return this.em.fork().findOne(Document, { userId, sourceType, sourceRef, sourceRevision });
  }

  private async replaceMedia(em: EntityManager, userId: string, id: string, before: string[], after: string[]): Promise<void> {
    if (after.length > 0) await em.nativeUpdate(Media, { id: { $in: after }, userId }, { documentId: id });
    const dropped = before.filter((mediaId) => !after.includes(mediaId));
    if (dropped.length === 0) return;
    const media = await em.find(Media, { id: { $in: dropped }, userId, documentId: id });
    await em.nativeDelete(Media, { id: { $in: media.map((item) => item.id) }, userId });
    await Promise.all(media.flatMap((item) => [item.storageKey, ...item.variants.map((variant) => variant.key)]).map((key) => this.storage.delete(key)));
  }

  /** Deletes the document, its media rows and their stored files. */
  async delete(userId: string, id: string): Promise<void> {
    const em = this.em.fork();
    const document = await em.findOne(Document, { id, userId });
    if (!document) throw documentNotFound(id);
    const media = await em.find(Media, { documentId: id, userId });
    const keys = media.flatMap((item) => [item.storageKey, ...item.variants.map((variant) => variant.key)]);
    await em.nativeDelete(Media, { documentId: id, userId });
    await em.nativeDelete(Document, { id, userId });
    await Promise.all(keys.map((key) => this.storage.delete(key)));
    this.logger.log({ msg: 'document deleted', document_id: id, files: keys.length });
  }
}

function documentNotFound(id: string): DomainError {
  return new DomainError('document_not_found', `no document ${id}`);
}

/** Title or source containing the text, case-insensitive; LIKE's wildcards in it match themselves. */
function searchFilter(q: string | undefined): Record<string, unknown> {
  if (!q) return {};
  const pattern = `%${q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return { $or: [{ title: { $ilike: pattern } }, { sourceRef: { $ilike: pattern } }] };
}

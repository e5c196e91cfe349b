import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, toJobError } from '@app/shared';
import { AUDIO_MIMES, IMAGE_MIMES, VIDEO_MIMES } from '../extractors/content-type-detector.js';
import { ExtractorRegistry } from '../extractors/extractor.registry.js';
import { ImageOptimizer } from '../images/image.optimizer.js';
import { PaidTranscriber } from '../transcription/paid-transcriber.js';
import { TranscriptionAvailability } from '../transcription/transcription-availability.js';
import { STORAGE, type FileStorage } from '../storage/file-storage.js';
import type { SourceType } from './document.entity.js';
import { DocumentsService, type NewDocument } from './documents.service.js';
import { Media, type MediaVariant } from './media.entity.js';
import { requireEnoughWords } from './source-text.minimum.js';
import type { ReceivedFile } from './upload-receiver.js';

export interface FileOutcome {
  name: string;
  mime: string;
  document_id?: string;
  media_id?: string;
  /** Another import (a concurrent job) wrote this revision of the source first: the ids are its, and nothing new was kept. */
  already_imported?: boolean;
  error?: { code: string; message: string };
}

/** Where a stored file came from, and what to do with the document it becomes. */
export interface FileSource {
  sourceType: SourceType;
  sourceRef: string;
  /** The document's title (e.g. a Google Doc's name), over any the content names. */
  title?: string;
  /** Title when the content names none (e.g. a Drive file's name); default: derived from the text. */
  fallbackTitle?: string;
  /** Added to the document's metadata (e.g. the Drive file id and modifiedTime). */
  metadata?: Record<string, unknown>;
  /**
   * The source's revision (a Drive file's checksum or modifiedTime). A user holds one document or
   * image per source revision: an import that finds this revision already written keeps that one.
   */
  revision?: string | null;
  /** Update this document (its version bumps) instead of creating a new one, if it is still at `version`. */
  replaces?: { id: string; version: number };
  /** Replace this imported image in place (same media id), if it is still at `revision`. */
  replacesImage?: { id: string; revision: string | null };
  /** The job doing the work, for its usage events. */
  jobId: string;
  /** The job's abort signal: a canceled job's transcription stops in flight. */
  signal?: AbortSignal;
}

type Written = Pick<FileOutcome, 'document_id' | 'media_id' | 'already_imported'>;

/**
 * Turns one file already in storage into a document (text formats via the extractors, audio and
 * video via the transcriber) or an optimized image (media). A file's own problem (corrupt, empty,
 * too little text, unsupported …) comes back as the outcome's error; anything unexpected is thrown.
 */
@Injectable()
export class FileIngester {
  private readonly logger = new Logger(FileIngester.name);

  constructor(
    private readonly em: EntityManager,
    private readonly documents: DocumentsService,
    private readonly extractors: ExtractorRegistry,
    private readonly images: ImageOptimizer,
    private readonly transcriber: PaidTranscriber,
    private readonly transcription: TranscriptionAvailability,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  async ingest(userId: string, file: ReceivedFile, from: FileSource): Promise<FileOutcome> {
    const base: FileOutcome = { name: file.original_name, mime: file.mime };
    try {
      if ((IMAGE_MIMES as readonly string[]).includes(file.mime)) return { ...base, ...(await this.ingestImage(userId, file, from)) };
      const source = { name: file.original_name, mime: file.mime, ext: file.ext, bytes: file.bytes, sha256: file.sha256 };
      if ((AUDIO_MIMES as readonly string[]).includes(file.mime) || (VIDEO_MIMES as readonly string[]).includes(file.mime)) {
        return { ...base, ...(await this.ingestMedia(userId, file, source, from)) };
      }
      const extracted = await this.storage.withLocalFile(file.storage_key, (path) =>
        this.extractors.extract({ path, mime: file.mime, originalName: file.original_name }),
      );
      requireEnoughWords(extracted.text, file.original_name);
      return {
        ...base,
        ...(await this.write(file, from, {
          userId,
          sourceType: from.sourceType,
          sourceRef: from.sourceRef,
          title: from.title ?? extracted.title ?? from.fallbackTitle,
          text: extracted.text,
          lang: extracted.lang,
          durationS: typeof extracted.metadata.duration_s === 'number' ? extracted.metadata.duration_s : null,
          metadata: { ...extracted.metadata, source, ...from.metadata },
        })),
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The file's own problem: its outcome is final (the step is not run again), so its bytes go.
      await this.storage.delete(file.storage_key);
      return { ...base, error: toJobError(error) };
    }
  }

  private async ingestMedia(userId: string, file: ReceivedFile, source: Record<string, unknown>, from: FileSource): Promise<Written> {
    const status = this.transcription.check();
    if (status.status === 'unavailable') {
      return this.write(file, from, {
        userId,
        sourceType: from.sourceType,
        sourceRef: from.sourceRef,
        title: from.title ?? from.fallbackTitle ?? file.original_name,
        text: '',
        transcriptionStatus: 'unavailable',
        metadata: { source, transcription_message: status.message, ...from.metadata },
      });
    }
    // Credits and caps checked before, one usage event per file per job after (however often the step is retried).
    const transcript = await this.transcriber.transcribe({ userId, jobId: from.jobId, file: file.storage_key, signal: from.signal }, { key: file.storage_key });
    requireEnoughWords(transcript.text, `The transcript of ${file.original_name}`);
    return this.write(file, from, {
      userId,
      sourceType: from.sourceType,
      sourceRef: from.sourceRef,
      title: from.title ?? from.fallbackTitle ?? file.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
      text: transcript.text,
      lang: transcript.lang,
      durationS: transcript.duration_s,
      transcriptionStatus: 'done',
      metadata: { source, segments: transcript.segments, transcription_model: transcript.model, ...from.metadata },
    });
  }

  /**
   * Keeps the original as media and creates the document, or updates the one `from.replaces`
   * names (a changed source file). When another import wrote the same revision first (the unique
   * source revision, or the replaced document's version moved on), its document is the answer and
   * this import's original is dropped.
   */
  private async write(file: ReceivedFile, from: FileSource, document: Omit<NewDocument, 'mediaRefs' | 'sourceRevision'>): Promise<Written> {
    const original = await this.saveOriginal(document.userId, file);
    const revision = from.revision ?? null;
    try {
      if (!from.replaces) return { document_id: (await this.documents.create({ ...document, sourceRevision: revision, mediaRefs: [original] })).id };
      const updated = await this.documents.update(
        document.userId,
        from.replaces.id,
        {
          title: document.title ?? '',
          text: document.text,
          metadata: document.metadata ?? {},
          lang: document.lang ?? null,
          durationS: document.durationS ?? null,
          transcriptionStatus: document.transcriptionStatus ?? 'not_needed',
          sourceRevision: revision,
          mediaRefs: [original],
        },
        from.replaces.version,
      );
      return { document_id: updated.id };
    } catch (error) {
      await this.em.fork().nativeDelete(Media, { id: original, userId: document.userId });
      const lost = error instanceof UniqueConstraintViolationException || (error instanceof DomainError && error.code === 'version_mismatch');
      const winner = lost && revision ? await this.documents.findBySourceRevision(document.userId, from.sourceType, from.sourceRef, revision) : null;
      if (!winner) throw error;
      await this.storage.delete(file.storage_key);
      this.logger.log({ msg: 'source revision already imported', document_id: winner.id });
      return { document_id: winner.id, already_imported: true };
    }
  }

  /**
   * An image becomes media with its optimized variants. An imported one carries its source
   * revision: a changed file replaces its media in place (same id, so posts keep their image), and
   * an import that finds the revision already written keeps that media and drops its own files.
   */
  private async ingestImage(userId: string, file: ReceivedFile, from: FileSource): Promise<Written> {
    const optimized = await this.images.optimize({ key: file.storage_key });
    const fields = {
      storageKey: file.storage_key,
      mime: optimized.mime,
      bytes: file.bytes,
      width: optimized.width,
      height: optimized.height,
      variants: optimized.variants,
      originalName: file.original_name,
    };
    const revision = from.revision ?? null;
    const em = this.em.fork();
    const before = from.replacesImage ? await em.findOne(Media, { id: from.replacesImage.id, userId }) : null;
    if (before) {
      // Compare-and-set on the revision: of two imports replacing the same image, one writes.
      const changed = await em.nativeUpdate(Media, { id: before.id, userId, sourceRevision: from.replacesImage!.revision }, { ...fields, sourceRevision: revision });
      if (changed === 0) return this.dropImage(file, optimized.variants, before);
      await Promise.all([before.storageKey, ...before.variants.map((variant) => variant.key)].map((key) => this.storage.delete(key)));
      return { media_id: before.id };
    }
    const media = em.create(Media, {
      userId,
      ...fields,
      ...(revision ? { sourceType: from.sourceType, sourceRef: from.sourceRef, sourceRevision: revision } : {}),
    });
    try {
      await em.flush();
    } catch (error) {
      const winner = error instanceof UniqueConstraintViolationException && revision
        ? await this.em.fork().findOne(Media, { userId, sourceType: from.sourceType, sourceRef: from.sourceRef, sourceRevision: revision })
        : null;
      if (!winner) throw error;
      return this.dropImage(file, optimized.variants, winner);
    }
    return { media_id: media.id };
  }

  /** Another import wrote this image first: answer with its media, remove this import's files. */
  private async dropImage(file: ReceivedFile, variants: readonly MediaVariant[], kept: Media): Promise<Written> {
    await Promise.all([file.storage_key, ...variants.map((variant) => variant.key)].map((key) => this.storage.delete(key)));
    this.logger.log({ msg: 'source revision already imported', media_id: kept.id });
    return { media_id: kept.id, already_imported: true };
  }

  private async saveOriginal(userId: string, file: ReceivedFile): Promise<string> {
    const em = this.em.fork();
    const media = em.create(Media, {
      userId,
      storageKey: file.storage_key,
      mime: file.mime,
      bytes: file.bytes,
      originalName: file.original_name,
    });
    await em.flush();
    return media.id;
  }
}

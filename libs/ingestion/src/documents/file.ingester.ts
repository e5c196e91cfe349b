import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, toJobError } from '@app/shared';
import { AUDIO_MIMES, IMAGE_MIMES, VIDEO_MIMES } from '../extractors/content-type-detector.js';
import { ExtractorRegistry } from '../extractors/extractor.registry.js';
import { ImageOptimizer } from '../images/image.optimizer.js';
import { PaidTranscriber } from '../transcription/paid-transcriber.js';
import { TranscriptionAvailability } from '../transcription/transcription-availability.js';
import { STORAGE, type FileStorage } from '../storage/file-storage.js';
import type { SourceType } from './document.entity.js';
import { DocumentsService, type NewDocument } from './documents.service.js';
import { Media } from './media.entity.js';
import type { ReceivedFile } from './upload-receiver.js';

export interface FileOutcome {
  name: string;
  mime: string;
  document_id?: string;
  media_id?: string;
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
  /** Update this document (its version bumps) instead of creating a new one. */
  replaces?: string;
  /** The job doing the work, for its usage events. */
  jobId: string;
  /** The job's abort signal: a canceled job's transcription stops in flight. */
  signal?: AbortSignal;
}

/**
 * Turns one file already in storage into a document (text formats via the extractors, audio and
 * video via the transcriber) or an optimized image (media). A file's own problem (corrupt, empty,
 * unsupported …) comes back as the outcome's error; anything unexpected is thrown.
 */
@Injectable()
export class FileIngester {
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
      if ((IMAGE_MIMES as readonly string[]).includes(file.mime)) return { ...base, media_id: await this.ingestImage(userId, file) };
      const original = await this.saveOriginal(userId, file);
      const source = { name: file.original_name, mime: file.mime, ext: file.ext, bytes: file.bytes, sha256: file.sha256 };
      if ((AUDIO_MIMES as readonly string[]).includes(file.mime) || (VIDEO_MIMES as readonly string[]).includes(file.mime)) {
        return { ...base, document_id: await this.ingestMedia(userId, file, original, source, from) };
      }
      const extracted = await this.extractors.extract({
        path: this.storage.pathOf(file.storage_key),
        mime: file.mime,
        originalName: file.original_name,
      });
      const documentId = await this.write(from, {
        userId,
        sourceType: from.sourceType,
        sourceRef: from.sourceRef,
        title: from.title ?? extracted.title ?? from.fallbackTitle,
        text: extracted.text,
        lang: extracted.lang,
        durationS: typeof extracted.metadata.duration_s === 'number' ? extracted.metadata.duration_s : null,
        metadata: { ...extracted.metadata, source, ...from.metadata },
        mediaRefs: [original],
      });
      return { ...base, document_id: documentId };
    } catch (error) {
      if (error instanceof DomainError) return { ...base, error: toJobError(error) };
      throw error;
    }
  }

  private async ingestMedia(userId: string, file: ReceivedFile, original: string, source: Record<string, unknown>, from: FileSource): Promise<string> {
    const status = this.transcription.check();
    if (status.status === 'unavailable') {
      return this.write(from, {
        userId,
        sourceType: from.sourceType,
        sourceRef: from.sourceRef,
        title: from.title ?? from.fallbackTitle ?? file.original_name,
        text: '',
        transcriptionStatus: 'unavailable',
        metadata: { source, transcription_message: status.message, ...from.metadata },
        mediaRefs: [original],
      });
    }
    // Credits and caps checked before, one usage event per file per job after (however often the step is retried).
    const transcript = await this.transcriber.transcribe({ userId, jobId: from.jobId, file: file.storage_key, signal: from.signal }, { key: file.storage_key });
    return this.write(from, {
      userId,
      sourceType: from.sourceType,
      sourceRef: from.sourceRef,
      title: from.title ?? from.fallbackTitle ?? file.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
      text: transcript.text,
      lang: transcript.lang,
      durationS: transcript.duration_s,
      transcriptionStatus: 'done',
      metadata: { source, segments: transcript.segments, transcription_model: transcript.model, ...from.metadata },
      mediaRefs: [original],
    });
  }

  /** Creates the document, or updates the one `from.replaces` names (a changed source file). */
  private async write(from: FileSource, document: NewDocument): Promise<string> {
    if (!from.replaces) return (await this.documents.create(document)).id;
    const updated = await this.documents.update(document.userId, from.replaces, {
      title: document.title ?? '',
      text: document.text,
      metadata: document.metadata ?? {},
      lang: document.lang ?? null,
      durationS: document.durationS ?? null,
      transcriptionStatus: document.transcriptionStatus ?? 'not_needed',
      mediaRefs: document.mediaRefs ?? [],
    });
    return updated.id;
  }

  private async ingestImage(userId: string, file: ReceivedFile): Promise<string> {
    const optimized = await this.images.optimize({ key: file.storage_key });
    const em = this.em.fork();
    const media = em.create(Media, {
      userId,
      storageKey: file.storage_key,
      mime: optimized.mime,
      bytes: file.bytes,
      width: optimized.width,
      height: optimized.height,
      variants: optimized.variants,
      originalName: file.original_name,
    });
    await em.flush();
    return media.id;
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

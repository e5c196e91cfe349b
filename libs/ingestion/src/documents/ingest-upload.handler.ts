import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { JobFailure, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { AUDIO_MIMES, IMAGE_MIMES, VIDEO_MIMES } from '../extractors/content-type-detector.js';
import { ExtractorRegistry } from '../extractors/extractor.registry.js';
import { ImageOptimizer } from '../images/image.optimizer.js';
import { Transcriber } from '../transcription/transcriber.js';
import { TranscriptionAvailability } from '../transcription/transcription-availability.js';
import { STORAGE, type FileStorage } from '../storage/file-storage.js';
import { DocumentsService } from './documents.service.js';
import { Media } from './media.entity.js';
import type { ReceivedFile } from './upload-receiver.js';

export interface FileOutcome {
  name: string;
  mime: string;
  document_id?: string;
  media_id?: string;
  error?: { code: string; message: string };
}

/**
 * Turns each uploaded file into a document (text formats, audio, video) or an optimized image
 * (media). One step per file, so a retried job does not redo finished files; one bad file does
 * not sink the others, but a job whose every file failed ends failed with the first error.
 */
@Injectable()
@JobHandler(JOB_TYPES.INGEST_UPLOAD)
export class IngestUploadHandler implements JobHandlerInstance {
  constructor(
    private readonly em: EntityManager,
    private readonly documents: DocumentsService,
    private readonly extractors: ExtractorRegistry,
    private readonly images: ImageOptimizer,
    private readonly transcriber: Transcriber,
    private readonly transcription: TranscriptionAvailability,
    @Inject(STORAGE) private readonly storage: FileStorage,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const files = (context.job.input.files ?? []) as ReceivedFile[];
    const outcomes: FileOutcome[] = [];
    for (const [index, file] of files.entries()) {
      outcomes.push(await context.step(`file_${index + 1}`, () => this.ingest(context.job.userId, file)));
    }
    const failed = outcomes.filter((outcome) => outcome.error);
    if (files.length > 0 && failed.length === files.length) {
      const first = failed[0]!.error!;
      throw new JobFailure(first.code, files.length === 1 ? first.message : `every file failed; first: ${first.message}`);
    }
    return {
      files: outcomes,
      document_ids: outcomes.flatMap((outcome) => (outcome.document_id ? [outcome.document_id] : [])),
      media_ids: outcomes.flatMap((outcome) => (outcome.media_id ? [outcome.media_id] : [])),
      failed: failed.length,
    };
  }

  private async ingest(userId: string, file: ReceivedFile): Promise<FileOutcome> {
    const base: FileOutcome = { name: file.original_name, mime: file.mime };
    try {
      if ((IMAGE_MIMES as readonly string[]).includes(file.mime)) return { ...base, media_id: await this.ingestImage(userId, file) };
      const original = await this.saveOriginal(userId, file);
      const source = { name: file.original_name, mime: file.mime, ext: file.ext, bytes: file.bytes, sha256: file.sha256 };
      if ((AUDIO_MIMES as readonly string[]).includes(file.mime) || (VIDEO_MIMES as readonly string[]).includes(file.mime)) {
        return { ...base, document_id: await this.ingestMedia(userId, file, original, source) };
      }
      const extracted = await this.extractors.extract({
        path: this.storage.pathOf(file.storage_key),
        mime: file.mime,
        originalName: file.original_name,
      });
      const document = await this.documents.create({
        userId,
        sourceType: 'upload',
        sourceRef: file.original_name,
        title: extracted.title,
        text: extracted.text,
        lang: extracted.lang,
        durationS: typeof extracted.metadata.duration_s === 'number' ? extracted.metadata.duration_s : null,
        metadata: { ...extracted.metadata, source },
        mediaRefs: [original],
      });
      return { ...base, document_id: document.id };
    } catch (error) {
      if (error instanceof JobFailure) return { ...base, error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  private async ingestMedia(userId: string, file: ReceivedFile, original: string, source: Record<string, unknown>): Promise<string> {
    const status = this.transcription.check();
    if (status.status === 'unavailable') {
      const document = await this.documents.create({
        userId,
        sourceType: 'upload',
        sourceRef: file.original_name,
        title: file.original_name,
        text: '',
        transcriptionStatus: 'unavailable',
        metadata: { source, transcription_message: status.message },
        mediaRefs: [original],
      });
      return document.id;
    }
    const transcript = await this.transcriber.transcribe({ key: file.storage_key });
    const document = await this.documents.create({
      userId,
      sourceType: 'upload',
      sourceRef: file.original_name,
      title: file.original_name.replace(/\.[A-Za-z0-9]{1,5}$/, ''),
      text: transcript.text,
      lang: transcript.lang,
      durationS: transcript.duration_s,
      transcriptionStatus: 'done',
      metadata: { source, segments: transcript.segments, transcription_model: transcript.model },
      mediaRefs: [original],
    });
    return document.id;
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

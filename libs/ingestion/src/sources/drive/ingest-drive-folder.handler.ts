import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, JobHandler, JOB_TYPES, type JobContext, type JobHandlerInstance } from '@app/shared';
import { DocumentsService } from '../../documents/documents.service.js';
import { FileIngester } from '../../documents/file.ingester.js';
import { detectContentType, isAcceptedMime } from '../../extractors/content-type-detector.js';
import { STORAGE, type FileStorage } from '../../storage/file-storage.js';
import { MediaService } from '../../media/media.service.js';
import { DRIVE_MIME, DriveClient, type DriveFile } from './drive.client.js';
import { driveRevision, isSameRevision } from './drive-revision.js';
import { DriveError } from './drive.error.js';
import { DRIVE_OPTIONS, type DriveOptions } from './drive.options.js';
import { IntegrationsService } from './integrations.service.js';

export interface IngestDriveFolderInput {
  folder_id: string;
  resource_key?: string | null;
  recursive?: boolean;
}

export interface DriveFileOutcome {
  drive_file_id: string;
  name: string;
  /** Folder names from the imported folder down to the file, joined by `/`. */
  path: string;
  /**
   * created / updated (the Drive file changed since its last import) / skipped (unchanged, or
   * written by a concurrent import of the same folder) / failed.
   */
  status: 'created' | 'updated' | 'skipped' | 'failed';
  mime?: string;
  document_id?: string;
  media_id?: string;
  error?: { code: string; message: string };
}

/**
 * Imports a Drive folder: lists it (with the user's grant, or the service account), then one
 * checkpointed step per file: export or download, detect the type from the bytes, and ingest it
 * like an upload. A file (document or image) whose revision was imported before is skipped; a
 * changed one updates its document (new version) or its image (in place). Documents and images
 * are unique per user, file and revision, so two imports of one folder at once write each file
 * once (the later one reports it skipped). One bad file never fails the folder.
 */
@Injectable()
@JobHandler(JOB_TYPES.INGEST_DRIVE_FOLDER)
export class IngestDriveFolderHandler implements JobHandlerInstance {
  private readonly logger = new Logger(IngestDriveFolderHandler.name);

  constructor(
    private readonly integrations: IntegrationsService,
    private readonly documents: DocumentsService,
    private readonly files: FileIngester,
    private readonly media: MediaService,
    @Inject(STORAGE) private readonly storage: FileStorage,
    @Inject(DRIVE_OPTIONS) private readonly options: DriveOptions,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const input = context.job.input as unknown as IngestDriveFolderInput;
    const userId = context.job.userId;
    const tokenWrites: Promise<void>[] = [];
    const credentials = await this.integrations.driveCredentials(userId, (work) =>
      tokenWrites.push(work.catch((error: unknown) => this.logger.warn({ msg: 'storing refreshed Google tokens failed', err: error }))),
    );
    const drive = new DriveClient(credentials, { rootUrl: this.options.driveRootUrl });
    try {
      const entries = await context.step('list', async () => {
        await drive.getFolder(input.folder_id, input.resource_key);
        return drive.listFolder(input.folder_id, { recursive: input.recursive ?? false, resourceKey: input.resource_key });
      });
      const seen = new Set<string>();
      const files = entries.filter((entry) => !entry.isFolder && entry.mimeType !== DRIVE_MIME.shortcut && !seen.has(entry.id) && seen.add(entry.id));
      const outcomes: DriveFileOutcome[] = [];
      for (const file of files) {
        outcomes.push(await context.step(`file_${file.id}`, () => this.importFile(userId, context.job.id, drive, file)));
      }
      const count = (status: DriveFileOutcome['status']) => outcomes.filter((outcome) => outcome.status === status).length;
      return {
        folder_id: input.folder_id,
        files: outcomes,
        document_ids: outcomes.flatMap((outcome) => (outcome.document_id && outcome.status !== 'skipped' ? [outcome.document_id] : [])),
        media_ids: outcomes.flatMap((outcome) => (outcome.media_id && outcome.status !== 'skipped' ? [outcome.media_id] : [])),
        created: count('created'),
        updated: count('updated'),
        skipped: count('skipped'),
        failed: count('failed'),
      };
    } finally {
      await Promise.all(tokenWrites);
    }
  }

  private async importFile(userId: string, jobId: string, drive: DriveClient, file: DriveFile): Promise<DriveFileOutcome> {
    const base = { drive_file_id: file.id, name: file.name, path: file.folderPath };
    const [previous, previousImage] = await Promise.all([
      this.documents.findLatestBySource(userId, 'drive', file.id),
      this.media.findLatestBySource(userId, 'drive', file.id),
    ]);
    if (previous && isSameRevision(previous.sourceRevision, file)) return { ...base, status: 'skipped', document_id: previous.id };
    if (previousImage && isSameRevision(previousImage.sourceRevision, file)) return { ...base, status: 'skipped', media_id: previousImage.id };
    const dir = await mkdtemp(join(tmpdir(), 'scriptorium-drive-'));
    try {
      const fetched = await drive.fetchFile(file, join(dir, 'content'), { maxBytes: this.options.maxFileBytes });
      const detected = await detectContentType(fetched.path);
      if (!isAcceptedMime(detected.mime)) {
        const message = `${file.name}: detected type ${detected.mime} is not supported (documents, images, audio and video are)`;
        return { ...base, status: 'failed', mime: detected.mime, error: { code: 'unsupported_media_type', message } };
      }
      const stored = await this.storage.put(createReadStream(fetched.path), { mime: detected.mime, maxBytes: this.options.maxFileBytes });
      const outcome = await this.files.ingest(
        userId,
        { storage_key: stored.key, mime: detected.mime, ext: detected.ext ?? null, bytes: stored.bytes, sha256: stored.sha256, original_name: file.name },
        {
          sourceType: 'drive',
          sourceRef: file.id,
          ...titleOf(file),
          metadata: {
            modified_time: file.modifiedTime,
            drive: { file_id: file.id, name: file.name, mime_type: file.mimeType, folder_path: file.folderPath, exported_as: fetched.exported ? fetched.mimeType : null },
          },
          revision: driveRevision(file),
          replaces: previous ? { id: previous.id, version: previous.version } : undefined,
          replacesImage: previousImage ? { id: previousImage.id, revision: previousImage.sourceRevision ?? null } : undefined,
          jobId,
        },
      );
      if (outcome.error) return { ...base, status: 'failed', mime: outcome.mime, error: outcome.error };
      const status = outcome.already_imported ? 'skipped' : previous || previousImage ? 'updated' : 'created';
      return { ...base, status, mime: outcome.mime, document_id: outcome.document_id, media_id: outcome.media_id };
    } catch (error) {
      // A revoked grant fails every other file too: end the job so the user reconnects.
      if (error instanceof DriveError && error.code === 'drive_auth_failed') throw error;
      if (error instanceof DomainError) return { ...base, status: 'failed', error: { code: error.code, message: error.message } };
      this.logger.error({ msg: 'drive file import failed', drive_file_id: file.id, err: error });
      return { ...base, status: 'failed', error: { code: 'internal_error', message: 'internal error' } };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** A Google Doc's name is its title; another file's name (without extension) is used when its content names none. */
function titleOf(file: DriveFile): { title?: string; fallbackTitle?: string } {
  if (file.mimeType.startsWith('application/vnd.google-apps.')) return { title: file.name };
  return { fallbackTitle: file.name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || file.name };
}

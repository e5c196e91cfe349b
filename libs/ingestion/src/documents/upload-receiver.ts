import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import busboy from 'busboy';
import { DomainError } from '@app/shared';
import { detectContentType, isAcceptedMime } from '../extractors/content-type-detector.js';
import { STORAGE, type FileStorage } from '../storage/file-storage.js';
import { StorageLimitError } from '../storage/storage.error.js';
import { ingestionConfig } from '../ingestion.config.js';
import { displayFileName } from './display-file-name.js';

export interface ReceivedFile {
  storage_key: string;
  /** Detected from the bytes, never from the name. */
  mime: string;
  ext: string | null;
  bytes: number;
  sha256: string;
  /** The client's name without folders or control characters (displayFileName): for display and matching only. */
  original_name: string;
}

const MAX_FILES = 20;

/**
 * Streams a multipart upload straight to storage (never holding a file in memory), then
 * checks each file's type from its bytes. Nothing is kept when any file is refused.
 */
@Injectable()
export class UploadReceiver {
  private readonly maxBytes: number;

  constructor(
    @Inject(STORAGE) private readonly storage: FileStorage,
    @Inject(ingestionConfig.KEY) ingestion: ConfigType<typeof ingestionConfig>,
  ) {
    this.maxBytes = ingestion.uploadMaxBytes;
  }

  async receive(request: IncomingMessage): Promise<ReceivedFile[]> {
    const stored: ReceivedFile[] = [];
    try {
      const files = await this.stream(request, stored);
      if (files.length === 0) {
        throw DomainError.badFields([{ field: 'files', message: 'at least one file is required' }], 'files: send at least one file in a multipart field named "files"');
      }
      for (const file of files) {
        const detected = await this.storage.withLocalFile(file.storage_key, detectContentType);
        if (!isAcceptedMime(detected.mime)) {
          throw new DomainError('unsupported_media_type',
            `${file.original_name}: detected type ${detected.mime} is not supported (documents, images, audio and video are)`,
            { details: { detected_type: detected.mime, file: file.original_name } },
          );
        }
        file.mime = detected.mime;
        file.ext = detected.ext ?? null;
      }
      return files;
    } catch (error) {
      await this.discard(stored);
      throw error;
    }
  }

  /** Removes received files that will not be ingested (a refused or replayed upload). */
  async discard(files: readonly ReceivedFile[]): Promise<void> {
    await Promise.all(files.map((file) => this.storage.delete(file.storage_key)));
  }

  private stream(request: IncomingMessage, stored: ReceivedFile[]): Promise<ReceivedFile[]> {
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return Promise.reject(
        new DomainError('unsupported_media_type', 'send the files as multipart/form-data'),
      );
    }
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        // Browsers send file names as raw UTF-8 (busboy reads them as latin1 unless told).
        parser = busboy({ headers: request.headers, defParamCharset: 'utf8', limits: { files: MAX_FILES, fileSize: this.maxBytes + 1, fields: 10 } });
      } catch {
        reject(new DomainError('bad_request', 'malformed multipart body'));
        return;
      }
      const pending: Promise<void>[] = [];
      let failure: unknown;
      parser.on('file', (field, stream, info) => {
        // A body cut off inside a file destroys its stream with an error: heard here, at once, so
        // that it never reaches the process as an unhandled 'error' (the parser's own error names it).
        stream.on('error', () => {
          failure ??= new DomainError('bad_request', 'malformed multipart body');
        });
        if (field !== 'files' && field !== 'file') {
          stream.resume();
          failure ??= DomainError.badFields([{ field, message: `${field} should not exist` }], `${field}: unknown field; send files as "files"`);
          return;
        }
        const name = displayFileName(info.filename);
        pending.push(
          this.storage.put(stream, { maxBytes: this.maxBytes }).then(
            (file) => {
              stored.push({ storage_key: file.key, bytes: file.bytes, sha256: file.sha256, mime: '', ext: null, original_name: name });
            },
            (error: unknown) => {
              stream.resume();
              failure ??=
                error instanceof StorageLimitError
                  ? new DomainError('payload_too_large', `${name}: larger than the ${this.maxBytes}-byte upload limit`, {
                      details: { limit_bytes: this.maxBytes },
                    })
                  : error;
            },
          ),
        );
      });
      parser.on('filesLimit', () => {
        failure ??= new DomainError('bad_request', `files: at most ${MAX_FILES} files per upload`);
      });
      parser.on('error', () => {
        failure ??= new DomainError('bad_request', 'malformed multipart body');
        void Promise.allSettled(pending).then(() => reject(failure));
      });
      parser.on('close', () => {
        void Promise.allSettled(pending).then(() => (failure ? reject(failure) : resolve([...stored])));
      });
      // pipeline, not pipe: a request the client aborts destroys the parser (and its open file
      // stream) with an error, so the upload settles and its partial files are removed.
      pipeline(request, parser, () => undefined);
    });
  }
}

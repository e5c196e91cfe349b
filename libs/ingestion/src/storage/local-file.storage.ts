import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { access, constants, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { ByteRange, FileStorage, PutOptions, StoredFile } from './file-storage.js';
import { isStorageKey, newStorageKey } from './storage-key.format.js';
import { StorageKeyError, StorageLimitError, StorageMissingError } from './storage.error.js';
import { storageConfig } from './storage.config.js';

/** Temp files live inside the storage directory so the final rename stays on one filesystem (atomic). */
const TEMP_DIR = '.tmp';

/** Files on the local disk under STORAGE_DIR. */
@Injectable()
export class LocalFileStorage implements FileStorage {
  readonly driver = 'local';
  private readonly root: string;

  constructor(@Inject(storageConfig.KEY) storage: ConfigType<typeof storageConfig>) {
    this.root = resolve(storage.dir);
  }

  async put(source: Readable, options: PutOptions = {}): Promise<StoredFile> {
    const { maxBytes } = options;
    const key = newStorageKey();
    const target = this.pathOf(key);
    const temp = join(this.root, TEMP_DIR, `${randomUUID()}.part`);
    // The source may fail while the directory is made (a client cutting its upload short): keep
    // its error for the pipeline below instead of letting an unheard 'error' end the process.
    let earlyError: unknown;
    const holdEarlyError = (error: unknown) => (earlyError ??= error);
    source.on('error', holdEarlyError);
    try {
      await mkdir(dirname(temp), { recursive: true });
    } catch (error) {
      abandon(source);
      throw error;
    } finally {
      source.off('error', holdEarlyError);
    }
    if (earlyError !== undefined) throw earlyError;

    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        if (maxBytes !== undefined && bytes > maxBytes) {
          callback(new StorageLimitError(maxBytes));
          return;
        }
        hash.update(chunk);
        callback(null, chunk);
      },
    });

    try {
      await pipeline(source, meter, createWriteStream(temp, { flags: 'wx' }));
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      abandon(source);
      await rm(temp, { force: true });
      throw error;
    }
    return { key, bytes, sha256: hash.digest('hex') };
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
    try {
      await opened(stream);
    } catch (error) {
      stream.destroy();
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageMissingError(key);
      throw error;
    }
    return stream;
  }

  withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T> {
    return use(this.pathOf(key));
  }

  /** Local files are always served through the API. */
  downloadUrl(): Promise<string | null> {
    return Promise.resolve(null);
  }

  /** The directory files are kept in. */
  get directory(): string {
    return this.root;
  }

  pathOf(key: string): string {
    if (!isStorageKey(key)) throw new StorageKeyError();
    const path = resolve(this.root, key);
    // The pattern already rules out traversal; this second check keeps it true if the pattern ever changes.
    if (!path.startsWith(this.root + sep)) throw new StorageKeyError();
    return path;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async probe(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.W_OK);
  }
}

/** Resolves once the file stream has opened its file; rejects with its open error. */
function opened(stream: ReadStream): Promise<void> {
  if (!stream.pending) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onReady = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: Error) => {
      stream.off('ready', onReady);
      reject(error);
    };
    stream.once('ready', onReady);
    stream.once('error', onError);
  });
}

/**
 * A source put gave up on: destroyed (its file or socket released), and heard should it still
 * report an error of its own later (a reset connection), which would otherwise end the process.
 */
function abandon(source: Readable): void {
  source.on('error', () => undefined);
  source.destroy();
}

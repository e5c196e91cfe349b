import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { S3FileStorage } from './s3-file.storage.js';
import { isStorageKey } from './storage-key.format.js';

/** What happened to one local file. */
export interface MigratedFile {
  key: string;
  bytes: number;
  /** `copied`, or `skipped` when the bucket already has it (same size, and same MD5 where its ETag is one). */
  outcome: 'copied' | 'skipped';
  /** 1-based position among `total` files. */
  index: number;
  total: number;
}

export interface MigrationSummary {
  files: number;
  copied: number;
  skipped: number;
  copiedBytes: number;
}

/** Files copied at once. */
const CONCURRENCY = 4;

/**
 * Copies every stored file of a local storage directory (keys `yyyy/mm/<uuid>`; temp files and
 * anything else left out) into the bucket under the same key. Resumable and idempotent: a key the
 * bucket already holds with the same size (and the same MD5, when its ETag is a plain MD5) is
 * skipped, so a run cut short is simply run again. An interrupted multipart upload leaves no object.
 */
export class StorageMigrator {
  constructor(
    private readonly directory: string,
    private readonly bucket: S3FileStorage,
  ) {}

  async run(onFile: (file: MigratedFile) => void = () => undefined): Promise<MigrationSummary> {
    const keys = await this.localKeys();
    const summary: MigrationSummary = { files: keys.length, copied: 0, skipped: 0, copiedBytes: 0 };
    let next = 0;
    let done = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const path = join(this.directory, key);
        const { size } = await stat(path);
        const copy = !(await this.alreadyThere(key, path, size));
        if (copy) {
          const written = await this.bucket.putAt(key, createReadStream(path));
          if (written.bytes !== size) throw new Error(`${key}: copied ${written.bytes} bytes of ${size} (the file changed during the copy?)`);
          summary.copied++;
          summary.copiedBytes += size;
        } else summary.skipped++;
        onFile({ key, bytes: size, outcome: copy ? 'copied' : 'skipped', index: ++done, total: keys.length });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, keys.length) }, worker));
    return summary;
  }

  /** The storage keys under the directory, sorted (so progress reads in a stable order). */
  private async localKeys(): Promise<string[]> {
    const root = resolve(this.directory);
    let entries;
    try {
      entries = await readdir(root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`STORAGE_DIR ${this.directory} does not exist: nothing to copy`, { cause: error });
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter(isStorageKey)
      .sort();
  }

  private async alreadyThere(key: string, path: string, size: number): Promise<boolean> {
    const remote = await this.bucket.stat(key);
    if (!remote || remote.bytes !== size) return false;
    // A plain MD5 ETag (a single-part upload) can be compared; a multipart ETag (`<md5>-<parts>`) only by size.
    if (!remote.etag || !/^[0-9a-f]{32}$/i.test(remote.etag)) return true;
    return remote.etag.toLowerCase() === (await md5Of(path));
  }
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

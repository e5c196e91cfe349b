import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { OnModuleDestroy } from '@nestjs/common';
import type { ByteRange, DownloadOptions, FileStorage, PutOptions, StoredFile } from './file-storage.js';
import { isStorageKey, newStorageKey } from './storage-key.format.js';
import { StorageKeyError, StorageLimitError, StorageMissingError } from './storage.error.js';
import type { S3Settings } from './storage.config.js';

/**
 * Size of a multipart upload's parts: the memory an upload holds is at most this times
 * (PART_QUEUE + 1), whatever the file's size. A file smaller than one part is one PutObject.
 */
const PART_BYTES = 8 * 1024 * 1024;
/** Parts in flight at once per upload. */
const PART_QUEUE = 2;

/** What a HEAD of an object tells. */
export interface RemoteObject {
  bytes: number;
  /** The bucket's ETag, quotes removed (an MD5 for single-part uploads, `<md5>-<parts>` for multipart ones on AWS). */
  etag: string | null;
}

/**
 * Files in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO): uploads stream through
 * lib-storage's multipart Upload (bounded memory, backpressure from the bucket), downloads are
 * presigned GET URLs the client is redirected to, or streams through the API when S3_PROXY=true.
 * This file (and so the AWS SDK) is loaded only when STORAGE_DRIVER=s3.
 */
export class S3FileStorage implements FileStorage, OnModuleDestroy {
  readonly driver = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly proxy: boolean;

  constructor(settings: S3Settings) {
    this.bucket = settings.bucket;
    this.proxy = settings.proxy;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Checksums only where S3 requires them: R2 and older MinIO refuse the SDK's default CRC32 trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(source: Readable, options: PutOptions = {}): Promise<StoredFile> {
    const key = newStorageKey();
    const { bytes, sha256 } = await this.upload(key, source, options);
    return { key, bytes, sha256 };
  }

  /** Writes `source` under a key storage generated before (storage:migrate copies files under their own keys). */
  async putAt(key: string, source: Readable, options: PutOptions = {}): Promise<Omit<StoredFile, 'key'>> {
    this.check(key);
    return this.upload(key, source, options);
  }

  async open(key: string, range?: ByteRange): Promise<Readable> {
    this.check(key);
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new StorageMissingError(key);
      throw error;
    }
  }

  async withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T> {
    const source = await this.open(key);
    const dir = await mkdtemp(join(tmpdir(), 'scriptorium-s3-'));
    try {
      const path = join(dir, 'file');
      await pipeline(source, createWriteStream(path, { flags: 'wx' }));
      return await use(path);
    } finally {
      source.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  }

  async downloadUrl(key: string, options: DownloadOptions): Promise<string | null> {
    this.check(key);
    if (this.proxy) return null;
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentType: options.mime,
      ResponseCacheControl: options.cacheControl,
      ResponseContentDisposition: options.disposition,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.ttlSeconds });
  }

  async delete(key: string): Promise<void> {
    this.check(key);
    // S3 answers 204 for a key that is not there too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async probe(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** The object's size and ETag, or null when the bucket has no such key. */
  async stat(key: string): Promise<RemoteObject | null> {
    this.check(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { bytes: head.ContentLength ?? 0, etag: head.ETag?.replace(/"/g, '') ?? null };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private check(key: string): void {
    if (!isStorageKey(key)) throw new StorageKeyError();
  }

  private async upload(key: string, source: Readable, options: PutOptions): Promise<Omit<StoredFile, 'key'>> {
    const { maxBytes } = options;
    const hash = createHash('sha256');
    let bytes = 0;
    let failure: unknown;
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
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: meter, ContentType: options.mime ?? 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: PART_QUEUE,
      leavePartsOnError: false,
    });
    // The source feeds the meter, which the Upload reads part by part: a slow bucket slows the source.
    // Whichever side fails first (the source, the size limit, or the bucket) names the failure.
    const feeding = pipeline(source, meter).catch((error: unknown) => {
      failure ??= error;
      void upload.abort().catch(() => undefined);
    });
    try {
      await upload.done();
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) {
      abandon(source);
      meter.destroy();
    }
    await feeding;
    if (failure !== undefined) {
      // A failed multipart upload is aborted by lib-storage; a single PutObject either landed or not.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      throw failure;
    }
    return { bytes, sha256: hash.digest('hex') };
  }
}

function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404;
}

/** A source put gave up on: destroyed, and heard should it report an error of its own later. */
function abandon(source: Readable): void {
  source.on('error', () => undefined);
  source.destroy();
}

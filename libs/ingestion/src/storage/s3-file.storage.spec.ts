import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { FakeS3 } from '../../../../test/fakes/s3.fake.js';
import { S3FileStorage } from './s3-file.storage.js';
import { s3Problems, storageConfig } from './storage.config.js';
import { StorageKeyError, StorageLimitError, StorageMissingError } from './storage.error.js';

/** A stream of `count` chunks of `size` bytes, produced lazily. */
function chunks(count: number, size: number, fill = 0x61): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? Buffer.alloc(size, fill) : null);
    },
  });
}

describe('S3FileStorage (against s3rver)', () => {
  const fake = new FakeS3();
  let storage: S3FileStorage;

  beforeAll(async () => {
    await fake.start();
    storage = new S3FileStorage(storageConfig.from(fake.env).s3!);
  });

  afterAll(async () => {
    storage?.onModuleDestroy();
    await fake.close();
  });

  beforeEach(() => {
    fake.calls.length = 0;
  });

  it('stores a small stream with one PutObject under a yyyy/mm/<uuid> key, with its size and SHA-256', async () => {
    const body = 'hello scriptorium\n'.repeat(100);
    const stored = await storage.put(Readable.from([Buffer.from(body)]), { mime: 'text/plain' });
    expect(stored.key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(stored.bytes).toBe(Buffer.byteLength(body));
    expect(stored.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(fake.calls.map((call) => call.operation)).toEqual(['PutObject']);
    expect(await text(await storage.open(stored.key))).toBe(body);
    expect(await storage.stat(stored.key)).toEqual({ bytes: stored.bytes, etag: createHash('md5').update(body).digest('hex') });
  });

  it('streams a file larger than a part as a multipart upload, never as one body', async () => {
    // 20 MiB in 64 KiB chunks: three 8 MiB parts.
    const stored = await storage.put(chunks(320, 64 * 1024, 0x62), { mime: 'video/mp4' });
    expect(stored.bytes).toBe(20 * 1024 * 1024);
    expect(fake.callsOf('CreateMultipartUpload')).toHaveLength(1);
    expect(fake.callsOf('UploadPart')).toHaveLength(3);
    expect(fake.callsOf('CompleteMultipartUpload')).toHaveLength(1);
    expect(fake.callsOf('PutObject')).toHaveLength(0);
    expect((await storage.stat(stored.key))?.bytes).toBe(20 * 1024 * 1024);
  });

  it('rejects a stream over maxBytes with StorageLimitError and keeps nothing (small and multipart)', async () => {
    const small = storage.put(chunks(10, 1024), { maxBytes: 4096 });
    await expect(small).rejects.toBeInstanceOf(StorageLimitError);
    const large = storage.put(chunks(200, 64 * 1024), { maxBytes: 10 * 1024 * 1024 });
    await expect(large).rejects.toMatchObject({ code: 'file_too_large', limitBytes: 10 * 1024 * 1024 });
    const keys = fake.calls.map((call) => call.key).filter(Boolean);
    for (const key of new Set(keys)) expect(await storage.stat(key)).toBeNull();
  });

  it('rejects with the source’s error when it fails midway, and keeps nothing', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent++ < 3) this.push(Buffer.alloc(1024));
        else this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(failing)).rejects.toThrow('client went away');
    for (const key of new Set(fake.calls.map((call) => call.key).filter(Boolean))) expect(await storage.stat(key)).toBeNull();
  });

  it('reads a byte range with a ranged GetObject', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('0123456789abcdef')]));
    expect(await text(await storage.open(stored.key, { start: 4, end: 9 }))).toBe('456789');
    expect(fake.callsOf('GetObject').at(-1)).toMatchObject({ key: stored.key, range: 'bytes=4-9' });
  });

  it('gives tools a local copy that is removed afterwards', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('local copy')]));
    let seen = '';
    const result = await storage.withLocalFile(stored.key, async (path) => {
      seen = path;
      return readFile(path, 'utf8');
    });
    expect(result).toBe('local copy');
    await expect(readFile(seen)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('presigns a GET that serves the bytes with the type, caching and disposition asked for, ranges included', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('presigned bytes')]), { mime: 'application/octet-stream' });
    const url = await storage.downloadUrl(stored.key, { ttlSeconds: 60, mime: 'image/webp', cacheControl: 'public, max-age=60', disposition: 'attachment' });
    expect(url).toMatch(/X-Amz-Signature=/);
    const whole = await fetch(url!);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/webp');
    expect(whole.headers.get('cache-control')).toBe('public, max-age=60');
    expect(whole.headers.get('content-disposition')).toBe('attachment');
    expect(await whole.text()).toBe('presigned bytes');
    const part = await fetch(url!, { headers: { range: 'bytes=0-8' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 0-8/15');
    expect(await part.text()).toBe('presigned');
  });

  it('reports a missing key as StorageMissingError, and deleting twice is not an error', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('to delete')]));
    await storage.delete(stored.key);
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
    await expect(storage.open(stored.key)).rejects.toBeInstanceOf(StorageMissingError);
    expect(await storage.stat(stored.key)).toBeNull();
  });

  it.each(['../../etc/passwd', '/etc/passwd', '', 'user-upload.pdf', '2026/11/0B7C6A1E-2F0D-4C3B-9A57-2D1F6F1F3E4A'])('refuses the crafted key %j before calling the bucket', async (key) => {
    await expect(storage.open(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.withLocalFile(key, async () => 'never')).rejects.toBeInstanceOf(StorageKeyError);
    expect(fake.calls).toEqual([]);
  });

  it('serves through the API (no presigned URL) with S3_PROXY=true', async () => {
    const proxied = new S3FileStorage(storageConfig.from({ ...fake.env, S3_PROXY: 'true' }).s3!);
    const stored = await proxied.put(Readable.from([Buffer.from('proxied')]));
    expect(await proxied.downloadUrl(stored.key, { ttlSeconds: 60, mime: 'text/plain', cacheControl: 'no-store' })).toBeNull();
    proxied.onModuleDestroy();
  });
});

describe('storage config', () => {
  it('names each missing S3 variable when STORAGE_DRIVER is s3', () => {
    expect(storageConfig.problemsIn({ STORAGE_DRIVER: 's3' })).toEqual([
      'S3_BUCKET: must be set when STORAGE_DRIVER is s3',
      'S3_ACCESS_KEY_ID: must be set when STORAGE_DRIVER is s3',
      'S3_SECRET_ACCESS_KEY: must be set when STORAGE_DRIVER is s3',
    ]);
    expect(s3Problems({ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b' }, 'for storage:migrate')).toEqual([]);
  });

  it('names a bad driver, endpoint or flag', () => {
    expect(storageConfig.problemsIn({ STORAGE_DRIVER: 'gcs' })).toEqual(['STORAGE_DRIVER must be one of the following values: local, s3']);
    const problems = storageConfig.problemsIn({ STORAGE_DRIVER: 's3', S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_ENDPOINT: 'not a url', S3_FORCE_PATH_STYLE: 'yes', S3_PROXY: '1' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^S3_ENDPOINT/);
    expect(problems[1]).toMatch(/^S3_FORCE_PATH_STYLE/);
    expect(problems[2]).toMatch(/^S3_PROXY/);
  });

  it('maps the S3 settings, also beside the local driver (the target of storage:migrate)', () => {
    const env = { S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'a', S3_SECRET_ACCESS_KEY: 'b', S3_FORCE_PATH_STYLE: 'true' };
    expect(storageConfig.from(env)).toMatchObject({
      driver: 'local',
      s3: { endpoint: 'http://minio:9000', region: 'us-east-1', bucket: 'media', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: true, proxy: false },
    });
    expect(storageConfig.from({}).s3).toBeUndefined();
  });
});

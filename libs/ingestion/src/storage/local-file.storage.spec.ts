import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { LocalFileStorage } from './local-file.storage.js';
import { storageConfig } from './storage.config.js';
import { StorageKeyError, StorageLimitError, StorageMissingError } from './storage.error.js';

function storageAt(dir: string): LocalFileStorage {
  // From this environment, not process.env, where the test run sets its own STORAGE_DIR.
  return new LocalFileStorage(storageConfig.from({ STORAGE_DIR: dir }));
}

/** A stream of `count` chunks of `size` bytes, produced lazily. */
function chunks(count: number, size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < count ? Buffer.alloc(size, 0x61) : null);
    },
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('LocalFileStorage', () => {
  let dir: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scriptorium-storage-'));
    storage = storageAt(dir);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores a stream under a generated yyyy/mm/<uuid> key with its size and SHA-256', async () => {
    const body = 'hello scriptorium\n'.repeat(1000);
    const stored = await storage.put(Readable.from([Buffer.from(body)]), { mime: 'text/plain' });

    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    expect(stored.key).toMatch(new RegExp(`^${now.getUTCFullYear()}/${month}/[0-9a-f-]{36}$`));
    expect(stored.bytes).toBe(Buffer.byteLength(body));
    expect(stored.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(storage.pathOf(stored.key)).toBe(join(dir, stored.key));
    expect(await readFile(join(dir, stored.key), 'utf8')).toBe(body);
    expect(await text(await storage.open(stored.key))).toBe(body);
    expect(await text(await storage.open(stored.key, { start: 6, end: 16 }))).toBe('scriptorium');
  });

  it('gives every put its own key', async () => {
    const first = await storage.put(Readable.from([Buffer.from('same')]));
    const second = await storage.put(Readable.from([Buffer.from('same')]));
    expect(first.key).not.toBe(second.key);
    expect(first.sha256).toBe(second.sha256);
  });

  it('streams a file larger than any single chunk', async () => {
    const stored = await storage.put(chunks(64, 64 * 1024));
    expect(stored.bytes).toBe(64 * 64 * 1024);
    expect((await stat(storage.pathOf(stored.key))).size).toBe(64 * 64 * 1024);
  });

  it('rejects a stream over maxBytes with StorageLimitError and leaves no file behind', async () => {
    const put = storage.put(chunks(10, 1024), { maxBytes: 4096 });
    await expect(put).rejects.toBeInstanceOf(StorageLimitError);
    await expect(put).rejects.toMatchObject({ code: 'file_too_large', limitBytes: 4096, retryable: false });
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('accepts a stream of exactly maxBytes', async () => {
    const stored = await storage.put(chunks(4, 1024), { maxBytes: 4096 });
    expect(stored.bytes).toBe(4096);
  });

  it('removes the partial file when the source fails midway', async () => {
    let sent = 0;
    const failing = new Readable({
      read() {
        if (sent++ < 3) this.push(Buffer.alloc(1024));
        else this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(failing)).rejects.toThrow('client went away');
    expect(await filesUnder(dir)).toEqual([]);
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    '2026/11/../../../etc/passwd',
    '2026/11/0b7c6a1e-2f0d-4c3b-9a57-2d1f6f1f3e4a/../../../../etc/passwd',
    '..',
    '',
    '2026/11/0b7c6a1e-2f0d-4c3b-9a57-2d1f6f1f3e4a/',
    '2026\\11\\0b7c6a1e-2f0d-4c3b-9a57-2d1f6f1f3e4a',
    '2026/13/0b7c6a1e-2f0d-4c3b-9a57-2d1f6f1f3e4a',
    '2026/11/0B7C6A1E-2F0D-4C3B-9A57-2D1F6F1F3E4A',
    '2026/11/0b7c6a1e-2f0d-4c3b-9a57-2d1f6f1f3e4a\n',
    'user-upload.pdf',
  ])('refuses the crafted key %j before touching the disk', async (key) => {
    expect(() => storage.pathOf(key)).toThrow(StorageKeyError);
    await expect(storage.open(key)).rejects.toBeInstanceOf(StorageKeyError);
    await expect(storage.delete(key)).rejects.toBeInstanceOf(StorageKeyError);
  });

  it('rejects when the storage cannot be written, and a source that fails later cannot end the process', async () => {
    const blocked = storageAt(join(dir, 'not-a-dir'));
    await writeFile(join(dir, 'not-a-dir'), 'a file where the storage directory should be');
    // A source with an error of its own to come (a network stream reset after put gave up on it).
    const source = new Readable({ read() {} });
    setTimeout(() => source.destroy(new Error('connection reset')), 50);
    await expect(blocked.put(source)).rejects.toMatchObject({ code: 'ENOTDIR' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(source.destroyed).toBe(true);
  });

  it('deletes a file, and deleting it again is not an error', async () => {
    const stored = await storage.put(Readable.from([Buffer.from('to delete')]));
    await storage.delete(stored.key);
    await expect(stat(join(dir, stored.key))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(storage.delete(stored.key)).resolves.toBeUndefined();
    await expect(storage.open(stored.key)).rejects.toBeInstanceOf(StorageMissingError);
  });
});

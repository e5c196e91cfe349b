import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FakeS3 } from './fakes/s3.fake.js';
import { startProcess } from './support/processes.js';

const CLI = 'dist/apps/cli/src/main.js';

/** Runs `npm run cli -- storage:migrate` as the built CLI process; resolves with its exit code and output. */
async function migrate(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = startProcess(CLI, { LOG_LEVEL: 'silent', ...env }, ['storage:migrate']);
  const code = await run.exited;
  return { code, output: run.output() };
}

const key = (month = '11') => `2026/${month}/${randomUUID()}`;

describe('npm run cli -- storage:migrate', () => {
  const s3 = new FakeS3();
  let dir: string;
  /** Local files by key. */
  const files = new Map<string, Buffer>();
  let env: Record<string, string>;

  const bucketBytes = async (name: string): Promise<Buffer | null> => {
    const res = await fetch(`${s3.url}/${s3.bucket}/${name}`);
    return res.status === 404 ? null : Buffer.from(await res.arrayBuffer());
  };
  beforeAll(async () => {
    await s3.start();
    dir = await mkdtemp(join(tmpdir(), 'scriptorium-migrate-'));
    // STORAGE_DRIVER stays local: the bucket is only the copy's target.
    env = { ...s3.env, STORAGE_DRIVER: 'local', STORAGE_DIR: dir };
    const bodies = [
      Buffer.from('a small text file\n'),
      Buffer.alloc(9 * 1024 * 1024, 0x5a), // more than one 8 MiB part: a multipart copy
      Buffer.from('already copied before the interruption'),
      Buffer.from('copied with other bytes of the same length!'),
      Buffer.from('cut short'),
    ];
    for (const [index, body] of bodies.entries()) {
      const name = key(index % 2 ? '11' : '12');
      files.set(name, body);
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), body);
    }
    // Not storage keys: left alone.
    await mkdir(join(dir, '.tmp'), { recursive: true });
    await writeFile(join(dir, '.tmp', `${randomUUID()}.part`), 'an upload in flight');
    await writeFile(join(dir, 'README'), 'not media');
  }, 30_000);

  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the missing S3 variables and copies nothing without a bucket', async () => {
    const { code, output } = await migrate({ STORAGE_DIR: dir, S3_BUCKET: '', S3_ACCESS_KEY_ID: '', S3_SECRET_ACCESS_KEY: '' });
    expect(code).toBe(1);
    expect(output).toContain('S3_BUCKET: must be set for storage:migrate');
    expect(output).toContain('S3_ACCESS_KEY_ID');
    expect(s3.calls).toEqual([]);
  });

  it('resumes a copy cut short: skips keys already there with the same size and ETag, copies the rest', async () => {
    const [, , done, sameSize, cutShort] = [...files.keys()];
    // What an interrupted earlier run (or someone else) left in the bucket.
    await s3.put(done!, files.get(done!)!);
    await s3.put(sameSize!, Buffer.from('x'.repeat(files.get(sameSize!)!.length)));
    await s3.put(cutShort!, Buffer.from('cut'));
    s3.calls.length = 0;

    const first = await migrate(env);
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/\[1\/5\] /);
    expect(first.output).toMatch(/\[5\/5\] /);
    expect(first.output).toContain(`skipped (already in the bucket) ${done}`);
    expect(first.output).toContain(`copied ${sameSize}`);
    expect(first.output).toContain(`copied ${cutShort}`);
    expect(first.output).toContain('5 file(s): 4 copied');
    expect(first.output).toContain('1 already in the bucket');
    expect(first.output).not.toContain('.part');
    expect(s3.callsOf('UploadPart').length).toBeGreaterThanOrEqual(2);
    for (const [name, body] of files) {
      const stored = await bucketBytes(name);
      expect(stored && createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    }

    // Idempotent: a second run finds everything there and writes nothing.
    s3.calls.length = 0;
    const second = await migrate(env);
    expect(second.code).toBe(0);
    expect(second.output).toContain('5 file(s): 0 copied (0 B), 5 already in the bucket');
    expect(s3.calls.filter((call) => !['HeadObject'].includes(call.operation))).toEqual([]);
    expect(await readFile(join(dir, done!))).toEqual(files.get(done!));
  }, 60_000);
});

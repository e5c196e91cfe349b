import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import type { SeededUser } from './support/accounts.js';
import { spokenParagraph } from './fakes/openai-audio.fake.js';
import { useStack } from './support/use-stack.js';

/** Upload → worker → ffmpeg → OpenAI-compatible transcription endpoint (a local fake) → document + usage event. */
describe('audio upload transcribed through the OpenAI audio API', () => {
  const stack = useStack({
    worker: true,
    fakes: { openaiAudio: true },
    env: { OPENAI_API_KEY: 'chat-key-unused', LLM_PROVIDER: 'extractive', JOB_ATTEMPTS: '1' },
  });
  const { api } = stack;
  const { openaiAudio: fake } = stack.fakes;
  let alice: SeededUser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'transcription-e2e-'));
    alice = await stack.user();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a transcribed document with duration and segments, and one transcribe usage event', async () => {
    fake.respondWith(spokenParagraph);
    const wav = join(dir, 'talk.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=4', '-ac', '1', '-ar', '16000', wav]);
    const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', readFileSync(wav), 'talk.wav').expect(202);
    const job = await stack.job(alice, res.body.job_id, 'succeeded', 60_000);

    const document = await api.http.get(`/api/v1/documents/${job.output.document_ids[0]}`).set(alice.auth).expect(200);
    expect(document.body).toMatchObject({ transcription_status: 'done', source_type: 'upload' });
    expect(document.body.text).toContain('Words heard in');
    expect(document.body.duration_s).toBeGreaterThan(3);
    expect(document.body.metadata.segments.length).toBeGreaterThan(0);
    expect(fake.requests.length).toBeGreaterThan(0);

    const { MikroORM } = await import('@mikro-orm/postgresql');
    const usage = await api.app.get(MikroORM).em.fork().getConnection().execute<{ event_type: string; engine: string; model: string; duration_s: number; billable: boolean }[]>(
      'select event_type, engine, model, duration_s, billable from usage_events where job_id = ?',
      [res.body.job_id],
    );
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ event_type: 'transcribe', engine: 'whisper', model: 'whisper-1', billable: true });
    expect(usage[0]!.duration_s).toBeGreaterThan(3);
  });

  it('fails the file with too_little_text when the recording holds too few words, still billing the transcription', async () => {
    fake.respondWith(() => ({ language: 'english', duration: 1, segments: [{ start: 0, end: 1, text: ' Mm, yes.' }] }));
    const wav = join(dir, 'hum.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=220:duration=2', '-ac', '1', '-ar', '16000', wav]);
    const res = await api.http.post('/api/v1/documents/upload').set(alice.auth).attach('files', readFileSync(wav), 'hum.wav').expect(202);
    const job = await stack.job(alice, res.body.job_id, 'failed', 60_000);
    expect(job.error).toMatchObject({ code: 'too_little_text', message: expect.stringMatching(/^The transcript of hum\.wav: found 2 words; at least 20 are needed/) });
    const { MikroORM } = await import('@mikro-orm/postgresql');
    const em = api.app.get(MikroORM).em.fork();
    const usage = await em.getConnection().execute<{ event_type: string }[]>('select event_type from usage_events where job_id = ?', [res.body.job_id]);
    expect(usage.map((event) => event.event_type)).toEqual(['transcribe']);
    const documents = await em.getConnection().execute<{ id: string }[]>(`select id from documents where user_id = ? and source_ref = 'hum.wav'`, [alice.user.id]);
    expect(documents).toEqual([]);
  });
  it('answers 402 credits_exhausted for an audio upload when no credits are left, storing nothing and calling no transcription', async () => {
    const broke = await stack.user();
    const { BillingService } = await import('@app/billing');
    await api.app.get(BillingService, { strict: false }).ensureAccount(broke.user.id);
    await stack.sql(
      "insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (gen_random_uuid(), now(), now(), ?, -1000000, 'test', ?)",
      [broke.user.id, `test:${broke.user.id}`],
    );
    const wav = join(dir, 'short.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '1', '-ar', '16000', wav]);
    const sentBefore = fake.requests.length;
    const res = await api.http.post('/api/v1/documents/upload').set(broke.auth).attach('files', readFileSync(wav), 'short.wav').expect(402);
    expect(res.body).toMatchObject({ type: expect.stringMatching(/credits_exhausted$/), limit: 'credits' });
    expect(await stack.sql('select id from jobs where user_id = ?', [broke.user.id])).toEqual([]);
    expect(fake.requests.length).toBe(sentBefore);
    // A text file costs nothing to ingest: never refused.
    await api.http.post('/api/v1/documents/upload').set(broke.auth).attach('files', Buffer.from('plain notes\n'), 'notes.txt').expect(202);
  });

  it('the worker checks again where it decides to transcribe: a job whose credits ran out meanwhile fails that file with credits_exhausted', async () => {
    const spender = await stack.user();
    const wav = join(dir, 'later.wav');
    execFileSync(ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '1', '-ar', '16000', wav]);
    // Launched with credits; they are gone by the time the worker would transcribe.
    const { BillingService } = await import('@app/billing');
    await api.app.get(BillingService, { strict: false }).ensureAccount(spender.user.id);
    const sentBefore = fake.requests.length;
    await stack.worker.child.kill('SIGSTOP');
    try {
      const res = await api.http.post('/api/v1/documents/upload').set(spender.auth).attach('files', readFileSync(wav), 'later.wav').expect(202);
      await stack.sql(
        "insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref) values (gen_random_uuid(), now(), now(), ?, -1000000, 'test', ?)",
        [spender.user.id, `test:${spender.user.id}`],
      );
      stack.worker.child.kill('SIGCONT');
      const job = await stack.job(spender, res.body.job_id, 'failed', 60_000);
      expect(job.error.code).toBe('credits_exhausted');
      expect(fake.requests.length).toBe(sentBefore);
    } finally {
      stack.worker.child.kill('SIGCONT');
    }
  }, 90_000);
});

import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { readEvents } from './support/sse-events.js';
import { useStack } from './support/use-stack.js';
import { writesAsAsked } from './support/writes-as-asked.js';
import { generateKeyPairSync } from 'node:crypto';
import { FAKE_YOUTUBE_CHANNEL, FAKE_YOUTUBE_PLAYLISTS, FAKE_YOUTUBE_VIDEOS } from './fakes/youtube.fake.js';
import { FAKE_DRIVE } from './fakes/google.fake.js';

/** gpt-4o-mini priced 100× its list price, so a post costs cents and a batch cap in cents bites. */
const PRICES = { 'gpt-4o-mini': { input_per_1m: 15, output_per_1m: 60 } };
const UUID = '00000000-0000-4000-8000-000000000000';

/** A service-account key whose public half the Google fake is told to trust. */
function serviceAccount(trust: (email: string, publicKeyPem: string) => void): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const email = 'batches@scriptorium-test.iam.gserviceaccount.com';
  trust(email, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return JSON.stringify({
    type: 'service_account',
    project_id: 'scriptorium-test',
    private_key_id: 'fake-key-id',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: '100000000000000000002',
    token_uri: 'https://oauth2.googleapis.com/token',
  });
}

describe('batches: many generate_blog jobs as one', () => {
  const stack = useStack({
    worker: true,
    listen: true,
    fakes: { openaiChat: true, youtube: true, google: true },
    // Drive is reached as a service account the Google fake trusts.
    env: (fakes) => ({
      MODEL_PRICES: JSON.stringify(PRICES),
      JOB_ATTEMPTS: '1',
      LLM_MAX_RETRIES: '0',
      LLM_TIMEOUT_MS: '120000',
      WORKER_CONCURRENCY: '4',
      RATE_LIMIT_MAX: '100000',
      GOOGLE_SERVICE_ACCOUNT_JSON: serviceAccount((email, publicKey) => fakes.google.trustServiceAccount(email, publicKey)),
    }),
  });
  const http = () => stack.api.http;
  const fake = () => stack.fakes.openaiChat;
  let alice: SeededUser;
  let bob: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  async function documents(owner: SeededUser, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await http().post('/api/v1/documents').set(owner.auth).send({ title: `Rivers ${i}`, text: SAMPLE }).expect(201);
      ids.push(res.body.id);
    }
    return ids;
  }

  async function batchOf(owner: SeededUser, id: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    return (await http().get(`/api/v1/batches/${id}`).set(owner.auth).expect(200)).body;
  }

  it('writes one post per document as child generate_blog jobs, with progress on the batch’s SSE stream', async () => {
    const ids = await documents(alice, 3);
    const key = `batch-${Date.now()}`;
    const body = { document_ids: ids, options: { chapters_count: 2 } };
    const res = await http().post('/api/v1/batches').set(alice.auth).set('Idempotency-Key', key).send(body).expect(202);
    expect(res.body).toMatchObject({ job_id: expect.any(String), status: 'queued' });
    const replay = await http().post('/api/v1/batches').set(alice.auth).set('Idempotency-Key', key).send(body).expect(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.job_id).toBe(res.body.job_id);

    const job = await stack.job(alice, res.body.job_id, 'succeeded', 120_000);
    expect(job.type).toBe('batch');
    const batch = await batchOf(alice, res.body.job_id);
    expect(batch.progress).toMatchObject({ total: 3, pending: 0, queued: 0, running: 0, succeeded: 3, failed: 0, canceled: 0, skipped: 0 });
    expect(batch.progress.cost_micros).toBeGreaterThan(0);
    expect(batch.stopped_reason).toBeNull();
    expect(batch.children).toHaveLength(3);
    expect(batch.children.map((child: { document_id: string }) => child.document_id).sort()).toEqual([...ids].sort());
    for (const child of batch.children) expect(child).toMatchObject({ type: 'generate_blog', status: 'succeeded', error: null });
    expect(batch.progress.cost_micros).toBe(batch.children.reduce((sum: number, child: { cost_micros: number }) => sum + child.cost_micros, 0));
    // Each child is an ordinary job of the caller's, linked to the batch, and made its post.
    const rows = await stack.sql<{ n: string }>('select count(*) as n from posts p join jobs j on j.id = p.job_id where j.batch_id = ?', [res.body.job_id]);
    expect(Number(rows[0]!.n)).toBe(3);
    await http().get(`/api/v1/jobs/${batch.children[0].job_id}`).set(alice.auth).expect(200);

    const { events } = await readEvents(`${stack.url}/api/v1/jobs/${res.body.job_id}/events`, { authorization: alice.auth.Authorization });
    const progress = events.filter((event) => event.event === 'batch.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)!.data.progress).toMatchObject({ total: 3, succeeded: 3 });
    expect(events.at(-1)).toMatchObject({ event: 'job.finished', data: { status: 'succeeded' } });

    const list = await http().get('/api/v1/batches').set(alice.auth).expect(200);
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(res.body.job_id);
    expect(list.body.items.every((item: { type: string }) => item.type === 'batch')).toBe(true);
  }, 150_000);

  it('stops starting posts once the next one’s quote would pass max_cost: the rest are skipped and the total stays within it', async () => {
    const owner = await stack.user();
    const ids = await documents(owner, 3);
    const options = { chapters_count: 2, length: 600 };
    const quote = await http().post('/api/v1/pipelines/generate_blog').set(owner.auth).send({ document_id: ids[0], options, dry_run: true }).expect(200);
    // Room for one post and a half.
    const cap = Math.floor((quote.body.total.cost * 3) / 2);
    expect(cap).toBeGreaterThan(0);
    // One post: outline, seo, two chapters, introduction and conclusion.
    fake().enqueue(...Array.from({ length: 5 }, () => ({ type: 'answer' as const, content: writesAsAsked })));
    const res = await http().post('/api/v1/batches').set(owner.auth).send({ document_ids: ids, options, max_cost: cap }).expect(202);
    await stack.job(owner, res.body.job_id, 'succeeded', 120_000);
    const batch = await batchOf(owner, res.body.job_id);
    expect(batch.stopped_reason).toBe('max_cost');
    expect(batch.progress).toMatchObject({ total: 3, succeeded: 1, skipped: 2, pending: 0 });
    expect(batch.children).toHaveLength(1);
    expect(batch.max_cost_micros).toBe(cap * 10_000);
    expect(batch.progress.cost_micros).toBeLessThanOrEqual(cap * 10_000);
  }, 150_000);

  it('writes a post per video of a YouTube playlist (private ones left out), up to the limit; a missing playlist fails the batch', async () => {
    const owner = await stack.user();
    const res = await http()
      .post('/api/v1/batches')
      .set(owner.auth)
      .send({ youtube_url: `https://www.youtube.com/playlist?list=${FAKE_YOUTUBE_PLAYLISTS.sourdough}`, limit: 2, options: { chapters_count: 2 } })
      .expect(202);
    await stack.job(owner, res.body.job_id, 'succeeded', 120_000);
    const batch = await batchOf(owner, res.body.job_id);
    expect(batch.progress).toMatchObject({ total: 2, succeeded: 2, failed: 0, skipped: 0 });
    const videos = await stack.sql<{ video: string }>("select input->'youtube'->>'video_id' as video from jobs where batch_id = ? order by video", [res.body.job_id]);
    expect(videos.map((row) => row.video)).toEqual([FAKE_YOUTUBE_VIDEOS.fullTalk, FAKE_YOUTUBE_VIDEOS.fullTalkAgain]);
    // Each child imported its video into a document of the caller's.
    for (const child of batch.children) expect(child.document_id).toEqual(expect.any(String));

    const byHandle = await http().post('/api/v1/batches').set(owner.auth).send({ youtube_url: `https://www.youtube.com/${FAKE_YOUTUBE_CHANNEL.handle}/videos`, limit: 1 }).expect(202);
    await stack.job(owner, byHandle.body.job_id, 'succeeded', 120_000);
    expect((await batchOf(owner, byHandle.body.job_id)).progress).toMatchObject({ total: 1, succeeded: 1 });

    const missing = await http().post('/api/v1/batches').set(owner.auth).send({ youtube_url: 'https://www.youtube.com/playlist?list=PLnothingHere000000' }).expect(202);
    const failed = await stack.job(owner, missing.body.job_id, 'failed', 60_000);
    expect(failed.error.code).toBe('playlist_unavailable');
  }, 150_000);

  it('imports a Drive folder as a child job first, then writes a post per document it holds', async () => {
    const owner = await stack.user();
    const res = await http().post('/api/v1/batches').set(owner.auth).send({ drive_folder_id: FAKE_DRIVE.album, options: { chapters_count: 2 } }).expect(202);
    await stack.job(owner, res.body.job_id, 'succeeded', 120_000);
    const batch = await batchOf(owner, res.body.job_id);
    const imports = batch.children.filter((child: { type: string }) => child.type === 'ingest_drive_folder');
    expect(imports).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    const imported = (await http().get(`/api/v1/jobs/${imports[0].job_id}`).set(owner.auth).expect(200)).body.output;
    const documentIds = imported.files.filter((file: { document_id?: string; status: string }) => file.document_id && file.status !== 'failed').map((file: { document_id: string }) => file.document_id);
    expect(documentIds.length).toBeGreaterThan(0);
    const posts = batch.children.filter((child: { type: string }) => child.type === 'generate_blog');
    expect(posts.map((child: { document_id: string }) => child.document_id).sort()).toEqual([...documentIds].sort());
    expect(batch.progress.total).toBe(documentIds.length);
    expect(batch.progress.succeeded + batch.progress.failed).toBe(documentIds.length);
  }, 150_000);

  it('answers 400 naming the field for a bad body, 404 for another tenant’s documents and batches, 401 without credentials', async () => {
    const [own] = await documents(alice, 1);
    const bad = async (body: unknown, field: string) => {
      const res = await http().post('/api/v1/batches').set(alice.auth).send(body as object).expect(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    };
    await bad({}, 'document_ids');
    await bad({ document_ids: [own], drive_folder_id: '1AbCdEfGhIjKlMnOp' }, 'drive_folder_id');
    await bad({ document_ids: null }, 'document_ids');
    await bad({ document_ids: 'abc' }, 'document_ids');
    await bad({ document_ids: [] }, 'document_ids');
    await bad({ document_ids: ['not-a-uuid'] }, 'document_ids');
    await bad({ document_ids: [own, own] }, 'document_ids');
    await bad({ document_ids: [own], surprise: 1 }, 'surprise');
    await bad({ document_ids: [own], max_cost: 0 }, 'max_cost');
    await bad({ document_ids: [own], max_cost: '5' }, 'max_cost');
    await bad({ document_ids: [own], options: { chapters_count: 'many' } }, 'options.chapters_count');
    await bad({ youtube_url: 'https://example.com/playlist?list=PL1234567890' }, 'youtube_url');
    await bad({ youtube_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' }, 'youtube_url');
    await bad({ youtube_url: 'https://www.youtube.com/playlist?list=PLabcdefghij', limit: 0 }, 'limit');
    await bad({ drive_folder_id: 'x' }, 'drive_folder_id');

    await http().post('/api/v1/batches').set(bob.auth).send({ document_ids: [own] }).expect(404);
    await http().post('/api/v1/batches').send({ document_ids: [own] }).expect(401);
    await http().post('/api/v1/batches').set({ Authorization: 'Bearer scr_nope' }).send({ document_ids: [own] }).expect(401);
    await http().get('/api/v1/batches').expect(401);
    await http().get(`/api/v1/batches/${UUID}`).set(alice.auth).expect(404);
    await http().get('/api/v1/batches/not-a-uuid').set(alice.auth).expect(400);

    const res = await http().post('/api/v1/batches').set(alice.auth).send({ document_ids: [own], options: { chapters_count: 2 } }).expect(202);
    await http().get(`/api/v1/batches/${res.body.job_id}`).set(bob.auth).expect(404);
    const bobs = await http().get('/api/v1/batches').set(bob.auth).expect(200);
    expect(bobs.body.items).toEqual([]);
    const done = await stack.job(alice, res.body.job_id, 'succeeded', 120_000);
    // A job that is no batch is not one under /batches.
    const child = (await batchOf(alice, done.id)).children[0];
    await http().get(`/api/v1/batches/${child.job_id}`).set(alice.auth).expect(404);
  }, 150_000);
  it('cancels a batch as a whole: it launches nothing more and its running children are canceled', async () => {
    const owner = await stack.user();
    const ids = await documents(owner, 3);
    // Each child's first call hangs until it is canceled (three run at once: four worker slots, one the batch's).
    fake().enqueue(...Array.from({ length: 3 }, () => ({ type: 'hang' as const })));
    const res = await http().post('/api/v1/batches').set(owner.auth).send({ document_ids: ids, options: { chapters_count: 2 } }).expect(202);
    let last: unknown;
    await waitFor(async () => {
      const batch = await batchOf(owner, res.body.job_id);
      last = batch;
      return batch.progress.running >= 1 ? batch : undefined;
    }, 60_000, 'a running child').catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(last)}`);
    });
    await http().post(`/api/v1/batches/${res.body.job_id}/cancel`).set(bob.auth).expect(404);
    const canceled = await http().post(`/api/v1/batches/${res.body.job_id}/cancel`).set(owner.auth).expect(202);
    expect(canceled.body.id).toBe(res.body.job_id);
    await stack.job(owner, res.body.job_id, 'canceled', 60_000);
    const batch = await waitFor(async () => {
      const read = await batchOf(owner, res.body.job_id);
      last = read;
      return read.children.every((child: { status: string }) => child.status === 'canceled') ? read : undefined;
    }, 60_000, 'every child canceled').catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify(last)}`);
    });
    expect(batch.status).toBe('canceled');
    expect(batch.progress).toMatchObject({ succeeded: 0, running: 0, queued: 0, pending: 0 });
    expect(batch.progress.canceled + batch.progress.skipped).toBe(3);
    await http().post(`/api/v1/batches/${res.body.job_id}/cancel`).set(owner.auth).expect(409);
  }, 150_000);

});

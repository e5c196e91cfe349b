import type { SeededUser } from './support/accounts.js';
import { useStack } from './support/use-stack.js';

describe('Idempotency-Key on POST', () => {
  // No worker runs here: the jobs stay queued, which is all these tests need.
  const stack = useStack();
  const { api } = stack;
  let alice: SeededUser;
  let bob: SeededUser;
  const countJobs = async (userId: string) => Number((await stack.sql<{ n: string }>('select count(*) as n from jobs where user_id = ?', [userId]))[0]!.n);

  beforeAll(async () => {
    alice = await stack.user();
    bob = await stack.user();
  });

  it('50 concurrent POSTs with one key create exactly one job; the rest replay it or are told it is in flight', async () => {
    const body = { text: 'A short text about rivers and floods, long enough to outline.' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => api.http.post('/api/v1/steps/outline.generate').set(alice.auth).set('Idempotency-Key', 'burst-1').send(body)),
    );
    expect(await countJobs(alice.user.id)).toBe(1);
    const statuses = new Set(answers.map((res) => res.status));
    expect([...statuses].every((status) => status === 202 || status === 409)).toBe(true);
    const jobIds = new Set(answers.filter((res) => res.status === 202).map((res) => res.body.job_id));
    expect(jobIds.size).toBe(1);
    const inFlight = answers.find((res) => res.status === 409);
    if (inFlight) expect(inFlight.body.type).toMatch(/idempotency_request_in_flight$/);
  });

  it('replays the status and the allow-listed fields of the body (ids, states, no title or text), and marks the replay', async () => {
    const body = { text: 'hello world' };
    const first = await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'doc-1').send(body).expect(201);
    const again = await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'doc-1').send(body).expect(201);
    const { id, source_type, transcription_status, version, created_at, updated_at } = first.body;
    expect(again.body).toEqual({ id, source_type, transcription_status, version, created_at, updated_at });
    expect(first.body.title).toBe('hello world');
    expect(again.headers['idempotent-replayed']).toBe('true');
    const [stored] = await stack.sql<{ response_body: unknown }>('select response_body from step_invocations where user_id = ? and idempotency_key = ?', [alice.user.id, 'doc-1']);
    expect(JSON.stringify(stored!.response_body)).not.toContain('hello');
    const list = await api.http.get('/api/v1/documents').set(alice.auth).expect(200);
    expect(list.body.items.filter((d: { id: string }) => d.id === first.body.id)).toHaveLength(1);
    expect(list.body.items).toHaveLength(1);
  });

  it('answers 422 for the same key with another body', async () => {
    await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'doc-2').send({ text: 'one' }).expect(201);
    const res = await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'doc-2').send({ text: 'two' }).expect(422);
    expect(res.body.type).toMatch(/idempotency_key_reused$/);
  });

  it('scopes keys per user', async () => {
    const mine = await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'shared-key').send({ text: 'alice' }).expect(201);
    const theirs = await api.http.post('/api/v1/documents').set(bob.auth).set('Idempotency-Key', 'shared-key').send({ text: 'bob' }).expect(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('frees the key when the first request fails, and never stores an API key secret', async () => {
    await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'retry-me').send({}).expect(400);
    await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'retry-me').send({ text: 'now valid' }).expect(201);

    const created = await api.http.post('/api/v1/api-keys').set(alice.auth).set('Idempotency-Key', 'key-1').send({ name: 'k', scopes: ['jobs:read'] }).expect(201);
    expect(created.body.secret).toMatch(/^scr_/);
    const replay = await api.http.post('/api/v1/api-keys').set(alice.auth).set('Idempotency-Key', 'key-1').send({ name: 'k', scopes: ['jobs:read'] }).expect(201);
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.body.secret).toBeUndefined();
  });

  it('answers 400 naming the header for a malformed key', async () => {
    const res = await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'x'.repeat(300)).send({ text: 'x' }).expect(400);
    expect(res.body.errors[0].field).toBe('Idempotency-Key');
  });

  it('deletes expired keys', async () => {
    const { IdempotencyService } = await import('@app/shared');
    const { MikroORM } = await import('@mikro-orm/postgresql');
    await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'old').send({ text: 'x' }).expect(201);
    const connection = api.app.get(MikroORM).em.fork().getConnection();
    const keysOf = async (userId: string) =>
      (await connection.execute<{ idempotency_key: string }[]>('select idempotency_key from step_invocations where user_id = ?', [userId])).map((row) => row.idempotency_key);
    const liveBefore = (await keysOf(alice.user.id)).filter((key) => key !== 'old');
    await connection.execute(`update step_invocations set expires_at = now() - interval '1 hour' where user_id = ? and idempotency_key = 'old'`, [alice.user.id]);
    // Other test files share this database and may hold expired keys of their own users, so count at least ours.
    expect(await api.app.get(IdempotencyService).deleteExpired()).toBeGreaterThanOrEqual(1);
    expect((await keysOf(alice.user.id)).sort()).toEqual(liveBefore.sort());
    // The key is free again: the same key with another body is a new request.
    await api.http.post('/api/v1/documents').set(alice.auth).set('Idempotency-Key', 'old').send({ text: 'new' }).expect(201);
  });
});

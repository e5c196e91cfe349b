import { readFileSync } from 'node:fs';
import type { SeededUser } from './support/accounts.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8').slice(0, 4000);
const ENDPOINTS = '/api/v1/webhook-endpoints';
const UUID = '00000000-0000-4000-8000-000000000000';

interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  last_response_code: number | null;
  last_error: string | null;
}

describe('outbound webhooks (Standard Webhooks)', () => {
  const stack = useStack({
    worker: true,
    fakes: { webhookReceiver: true },
    // The receiver runs on 127.0.0.1: allow-listed here (localhost and other aliases are not).
    // Retries every 100, 200, 400, 800 ms: five attempts within a 2 s retry window.
    // YouTube is unreachable and a job gets one attempt: a generate_blog from a video link fails at once.
    env: {
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      WEBHOOK_BACKOFF_MS: '100',
      WEBHOOK_RETRY_WINDOW_S: '2',
      WEBHOOK_TIMEOUT_MS: '3000',
      JOB_ATTEMPTS: '1',
      YOUTUBE_BASE_URL: 'http://127.0.0.1:9',
    },
  });
  const receiver = () => stack.fakes.webhookReceiver;
  const http = () => stack.api.http;

  async function createEndpoint(owner: SeededUser, name: string, events: string[], url = receiver().hook(name)) {
    const res = await http().post(ENDPOINTS).set(owner.auth).send({ url, events, description: `receiver ${name}` }).expect(201);
    receiver().verifyWith(name, res.body.secret);
    return res.body as { id: string; secret: string };
  }

  async function generateBlog(owner: SeededUser): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const res = await http().post('/api/v1/pipelines/generate_blog').set(owner.auth).send({ text: SAMPLE, options: { chapters_count: 2 } }).expect(202);
    return stack.job(owner, res.body.job_id, 'succeeded');
  }

  async function deliveries(owner: SeededUser, endpointId: string): Promise<Delivery[]> {
    return (await http().get(`${ENDPOINTS}/${endpointId}/deliveries`).set(owner.auth).expect(200)).body.items;
  }

  const settled = (owner: SeededUser, endpointId: string, count: number, status: string) =>
    waitFor(async () => {
      const items = await deliveries(owner, endpointId);
      return items.length >= count && items.every((item) => item.status === status) ? items : undefined;
    }, 20_000, `${count} deliveries ${status}`);

  it('creates an endpoint whose whsec_ secret is shown once and stored encrypted', async () => {
    const alice = await stack.user();
    const key = `create-${Date.now()}`;
    const created = await http().post(ENDPOINTS).set(alice.auth).set('Idempotency-Key', key).send({ url: receiver().hook('once'), events: ['job.succeeded'] }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(String), url: receiver().hook('once'), events: ['job.succeeded'], enabled: true, disabled_reason: null, description: null });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const replay = await http().post(ENDPOINTS).set(alice.auth).set('Idempotency-Key', key).send({ url: receiver().hook('once'), events: ['job.succeeded'] }).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.body.secret).toBeUndefined();

    const read = await http().get(`${ENDPOINTS}/${created.body.id}`).set(alice.auth).expect(200);
    expect(read.body.secret).toBeUndefined();
    const list = await http().get(ENDPOINTS).set(alice.auth).expect(200);
    expect(list.body).toMatchObject({ items: [{ id: created.body.id }], next_cursor: null });
    const [row] = await stack.sql<{ encrypted_secret: string }>('select encrypted_secret from webhook_endpoints where id = ?', [created.body.id]);
    expect(row!.encrypted_secret).toMatch(/^v1\./);
    expect(row!.encrypted_secret).not.toContain(created.body.secret.slice(6, 20));
  });

  it('delivers post.created and job.succeeded signed: the library verifies each, webhook-id is the event id', async () => {
    const alice = await stack.user();
    const endpoint = await createEndpoint(alice, 'signed', ['job.succeeded', 'post.created']);
    const job = await generateBlog(alice);
    const got = await waitFor(() => (receiver().received('signed').length >= 2 ? receiver().received('signed') : undefined), 20_000, 'two webhooks');

    for (const webhook of got) {
      expect(webhook.payload).not.toBeNull();
      expect(webhook.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(webhook.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    }
    const byType = Object.fromEntries(got.map((webhook) => [webhook.payload!.type, webhook]));
    expect(byType['job.succeeded']!.payload!.data).toEqual({
      job_id: job.id,
      type: 'generate_blog',
      status: 'succeeded',
      document_id: job.document_id,
      post_id: job.output.post_id,
      error: null,
      finished_at: expect.any(String),
      href: `/api/v1/jobs/${job.id}`,
    });
    expect(byType['post.created']!.payload!.data).toMatchObject({ post_id: job.output.post_id, job_id: job.id, version: 1, href: `/api/v1/posts/${job.output.post_id}` });
    expect(JSON.stringify(byType['post.created']!.payload)).not.toContain('markdown');

    const log = await settled(alice, endpoint.id, 2, 'succeeded');
    expect(log.map((delivery) => delivery.event_id).sort()).toEqual(got.map((webhook) => webhook.id).sort());
    for (const delivery of log) expect(delivery).toMatchObject({ attempts: 1, last_response_code: 204, last_error: null });
  });

  it('sends job.failed with the job\'s error code, and job.canceled for a job canceled before it ran', async () => {
    const alice = await stack.user();
    await createEndpoint(alice, 'endings', ['job.failed', 'job.canceled']);
    const failing = await http().post('/api/v1/pipelines/generate_blog').set(alice.auth).send({ youtube_url: 'https://youtu.be/dQw4w9WgXcQ' }).expect(202);
    const failed = await stack.job(alice, failing.body.job_id, 'failed');

    // A job still queued (its row written, nothing on the queue) is canceled at once.
    const [queued] = await stack.sql<{ id: string }>(
      "insert into jobs (id, created_at, updated_at, user_id, type, status, input, attempts, max_attempts) values (gen_random_uuid(), now(), now(), ?, 'generate_blog', 'queued', '{}', 0, 1) returning id",
      [alice.user.id],
    );
    await http().post(`/api/v1/jobs/${queued!.id}/cancel`).set(alice.auth).expect(202);

    const got = await waitFor(() => (receiver().received('endings').length >= 2 ? receiver().received('endings') : undefined), 20_000, 'two webhooks');
    const byType = Object.fromEntries(got.map((webhook) => [webhook.payload?.type, webhook.payload?.data]));
    expect(byType['job.failed']).toMatchObject({ job_id: failed.id, status: 'failed', error: { code: failed.error.code, message: expect.any(String) } });
    expect(byType['job.canceled']).toMatchObject({ job_id: queued!.id, status: 'canceled', error: null });
  });

  it('retries a delivery answered 500 with growing delays until it succeeds, keeping its webhook-id', async () => {
    const alice = await stack.user();
    const endpoint = await createEndpoint(alice, 'flaky', ['job.succeeded']);
    receiver().fail({ times: 2, status: 500, route: 'POST /hooks/flaky' });
    await generateBlog(alice);
    const [delivery] = await settled(alice, endpoint.id, 1, 'succeeded');
    expect(delivery).toMatchObject({ attempts: 3, last_response_code: 204, last_error: null });

    const got = receiver().received('flaky');
    expect(got.map((webhook) => webhook.status)).toEqual([500, 500, 204]);
    expect(new Set(got.map((webhook) => webhook.id))).toEqual(new Set([delivery!.event_id]));
    for (const webhook of got) expect(webhook.payload?.type).toBe('job.succeeded');
    const gaps = [got[1]!.receivedAt - got[0]!.receivedAt, got[2]!.receivedAt - got[1]!.receivedAt];
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(180);

    // Redelivery on request: the same event again, one more attempt on the log.
    const again = await http().post(`${ENDPOINTS}/${endpoint.id}/deliveries/${delivery!.id}/redeliver`).set(alice.auth).expect(202);
    expect(again.body).toMatchObject({ id: delivery!.id, status: 'pending' });
    await waitFor(() => receiver().received('flaky').length === 4 || undefined, 10_000, 'the redelivery');
    expect(receiver().received('flaky')[3]).toMatchObject({ id: delivery!.event_id, status: 204, payload: { type: 'job.succeeded' } });
    await waitFor(async () => ((await deliveries(alice, endpoint.id))[0]!.attempts === 4 ? true : undefined), 10_000, 'the redelivery on the log');
    expect((await deliveries(alice, endpoint.id))[0]).toMatchObject({ status: 'succeeded', attempts: 4 });
  });

  it('disables an endpoint whose every attempt failed for the whole retry window, with a notice, until it is enabled again', async () => {
    const alice = await stack.user();
    const endpoint = await createEndpoint(alice, 'dead', ['job.succeeded']);
    receiver().fail({ times: 1000, status: 503, route: 'POST /hooks/dead' });
    await generateBlog(alice);
    const [delivery] = await settled(alice, endpoint.id, 1, 'failed');
    expect(delivery).toMatchObject({ attempts: 5, last_response_code: 503, last_error: 'the endpoint answered 503' });

    const disabled = await waitFor(async () => {
      const res = await http().get(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).expect(200);
      return res.body.enabled === false ? res.body : undefined;
    }, 10_000, 'the endpoint to be disabled');
    expect(disabled).toMatchObject({ enabled: false, disabled_at: expect.any(String), consecutive_failures: 5, last_success_at: null });
    expect(disabled.disabled_reason).toMatch(/^disabled after 5 failed delivery attempts and no successful one in 2 s \(last: HTTP 503\)/);

    // Nothing more is sent to it, and it cannot be redelivered to until it is enabled.
    await generateBlog(alice);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await deliveries(alice, endpoint.id)).toHaveLength(1);
    const refused = await http().post(`${ENDPOINTS}/${endpoint.id}/deliveries/${delivery!.id}/redeliver`).set(alice.auth).expect(409);
    expect(refused.body.type).toMatch(/webhook_endpoint_disabled$/);
    const enabled = await http().patch(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabled_at: null, disabled_reason: null, consecutive_failures: 0 });
  });

  it('follows a redirect to an allowed receiver, and refuses one to a loopback alias or the metadata address', async () => {
    const alice = await stack.user();
    const redirect = (to: string) => `${receiver().origin}/redirect?to=${encodeURIComponent(to)}`;
    const followed = await createEndpoint(alice, 'landed', ['job.succeeded'], redirect(receiver().hook('landed')));
    const loopback = await createEndpoint(alice, 'sneaky', ['job.succeeded'], redirect(`http://localhost:${receiver().port}/hooks/sneaky`));
    const metadata = await createEndpoint(alice, 'metadata', ['job.succeeded'], redirect('http://169.254.169.254/latest/meta-data/'));
    await generateBlog(alice);

    await settled(alice, followed.id, 1, 'succeeded');
    expect(receiver().received('landed')[0]?.payload?.type).toBe('job.succeeded');
    const [toLoopback] = await settled(alice, loopback.id, 1, 'failed');
    expect(toLoopback!.last_error).toMatch(/^url: localhost resolves to a loopback address \((127\.0\.0\.1|::1)\)/);
    expect(toLoopback!.last_response_code).toBeNull();
    expect(receiver().received('sneaky')).toEqual([]);
    const [toMetadata] = await settled(alice, metadata.id, 1, 'failed');
    expect(toMetadata!.last_error).toMatch(/^url: 169\.254\.169\.254 is a linkLocal address/);
  });

  it('sends a tenant only its own events, and never shows it another tenant\'s endpoints or deliveries (404)', async () => {
    const alice = await stack.user();
    const bob = await stack.user();
    const endpoint = await createEndpoint(alice, 'alice-only', ['job.succeeded']);
    await generateBlog(bob);
    await generateBlog(alice);
    const [delivery] = await settled(alice, endpoint.id, 1, 'succeeded');
    expect(receiver().received('alice-only')).toHaveLength(1);

    const notFound = async (request: ReturnType<ReturnType<typeof http>['get']>, code: string) => {
      const res = await request.set(bob.auth).expect(404);
      expect(res.body.type).toMatch(new RegExp(`${code}$`));
    };
    await notFound(http().get(`${ENDPOINTS}/${endpoint.id}`), 'webhook_endpoint_not_found');
    await notFound(http().get(`${ENDPOINTS}/${endpoint.id}/deliveries`), 'webhook_endpoint_not_found');
    await notFound(http().patch(`${ENDPOINTS}/${endpoint.id}`).send({ enabled: false }), 'webhook_endpoint_not_found');
    await notFound(http().delete(`${ENDPOINTS}/${endpoint.id}`), 'webhook_endpoint_not_found');
    await notFound(http().post(`${ENDPOINTS}/${endpoint.id}/deliveries/${delivery!.id}/redeliver`), 'webhook_endpoint_not_found');
    expect((await http().get(ENDPOINTS).set(bob.auth).expect(200)).body.items).toEqual([]);

    // A delivery id of another endpoint, under one's own endpoint, is 404 too.
    const own = await createEndpoint(bob, 'bob-own', ['post.created']);
    const res = await http().post(`${ENDPOINTS}/${own.id}/deliveries/${delivery!.id}/redeliver`).set(bob.auth).expect(404);
    expect(res.body.type).toMatch(/webhook_delivery_not_found$/);
    expect((await http().get(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).expect(200)).body.enabled).toBe(true);
  });

  it('edits an endpoint: events, description cleared with null, URL checked again; delete removes it and its log', async () => {
    const alice = await stack.user();
    const endpoint = await createEndpoint(alice, 'edited', ['job.succeeded']);
    const edited = await http().patch(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).send({ events: ['post.created', 'job.failed'], description: null }).expect(200);
    expect(edited.body).toMatchObject({ events: ['post.created', 'job.failed'], description: null });
    const refused = await http().patch(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).send({ url: 'http://10.0.0.7/hook' }).expect(400);
    expect(refused.body).toMatchObject({ type: expect.stringMatching(/url_not_allowed$/), errors: [{ field: 'url', message: expect.stringMatching(/10\.0\.0\.7 is a private address/) }] });
    const paused = await http().patch(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).send({ enabled: false }).expect(200);
    expect(paused.body).toMatchObject({ enabled: false, disabled_reason: 'disabled by its owner' });

    await http().delete(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).expect(204);
    await http().get(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).expect(404);
    expect(await stack.sql('select 1 from webhook_deliveries where endpoint_id = ?', [endpoint.id])).toEqual([]);
  });

  it('answers bad input with a 400 naming the field (null, wrong types, deep nesting, repeated query parameters)', async () => {
    const alice = await stack.user();
    const url = receiver().hook('bad');
    const events = ['job.succeeded'];
    const cases: [object, string][] = [
      [{ url: null, events }, 'url'],
      [{ url: 42, events }, 'url'],
      [{ url: { a: { b: { c: { d: {} } } } }, events }, 'url'],
      [{ events }, 'url'],
      [{ url, events: null }, 'events'],
      [{ url, events: 'job.succeeded' }, 'events'],
      [{ url, events: ['job.exploded'] }, 'events'],
      [{ url, events: [] }, 'events'],
      [{ url, events: ['job.succeeded', 'job.succeeded'] }, 'events'],
      [{ url, events, description: 7 }, 'description'],
      [{ url, events, description: 'x'.repeat(501) }, 'description'],
      [{ url, events, secret: 'whsec_mine' }, 'secret'],
      [{ url: 'not a url', events }, 'url'],
      [{ url: 'ftp://127.0.0.1/x', events }, 'url'],
      [{ url: 'http://user:pass@127.0.0.1/x', events }, 'url'],
    ];
    for (const [body, field] of cases) {
      const res = await http().post(ENDPOINTS).set(alice.auth).send(body);
      expect([JSON.stringify(body).slice(0, 60), res.status, res.body.errors?.map((error: { field: string }) => error.field)]).toEqual([
        JSON.stringify(body).slice(0, 60),
        400,
        expect.arrayContaining([field]),
      ]);
    }
    const endpoint = await createEndpoint(alice, 'bad', events);
    for (const [body, field] of [
      [{ url: null }, 'url'],
      [{ events: null }, 'events'],
      [{ enabled: null }, 'enabled'],
      [{ enabled: 'yes' }, 'enabled'],
      [{ events: [{ a: 1 }] }, 'events'],
    ] as [object, string][]) {
      const res = await http().patch(`${ENDPOINTS}/${endpoint.id}`).set(alice.auth).send(body);
      const fields = new Set(res.body.errors?.map((error: { field: string }) => error.field));
      expect([JSON.stringify(body), res.status, [...fields]]).toEqual([JSON.stringify(body), 400, [field]]);
    }
    const query = async (path: string, field: string) => {
      const res = await http().get(path).set(alice.auth).expect(400);
      expect(res.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    };
    await query(`${ENDPOINTS}?limit=1&limit=2`, 'limit');
    await query(`${ENDPOINTS}?limit=0`, 'limit');
    await query(`${ENDPOINTS}/${endpoint.id}/deliveries?status=lost`, 'status');
    await query(`${ENDPOINTS}/${endpoint.id}/deliveries?status=failed&status=pending`, 'status');
    await http().get(`${ENDPOINTS}/not-a-uuid`).set(alice.auth).expect(400);
    await http().post(`${ENDPOINTS}/${endpoint.id}/deliveries/not-a-uuid/redeliver`).set(alice.auth).expect(400);
  });

  it('asks for credentials (401) and the webhooks scopes (403) on every route', async () => {
    const routes: [string, string][] = [
      ['post', ENDPOINTS],
      ['get', ENDPOINTS],
      ['get', `${ENDPOINTS}/${UUID}`],
      ['patch', `${ENDPOINTS}/${UUID}`],
      ['delete', `${ENDPOINTS}/${UUID}`],
      ['get', `${ENDPOINTS}/${UUID}/deliveries`],
      ['post', `${ENDPOINTS}/${UUID}/deliveries/${UUID}/redeliver`],
    ];
    const reader = await stack.user(['webhooks:read']);
    const stranger = await stack.user(['documents:read']);
    for (const [method, path] of routes) {
      const call = () => (http() as unknown as Record<string, (path: string) => ReturnType<ReturnType<typeof http>['get']>>)[method]!(path);
      await call().expect(401);
      const scoped = await call().set(stranger.auth);
      expect([method, path, scoped.status]).toEqual([method, path, 403]);
      const writes = method !== 'get';
      const read = await call().set(reader.auth).send(method === 'post' && path === ENDPOINTS ? { url: receiver().hook('r'), events: ['job.failed'] } : {});
      expect([method, path, read.status === 403]).toEqual([method, path, writes]);
    }
  });

  it('limits an account to 20 endpoints (409)', async () => {
    const alice = await stack.user();
    for (let index = 0; index < 20; index += 1) {
      await http().post(ENDPOINTS).set(alice.auth).send({ url: receiver().hook(`many-${index}`), events: ['job.failed'] }).expect(201);
    }
    const res = await http().post(ENDPOINTS).set(alice.auth).send({ url: receiver().hook('many-20'), events: ['job.failed'] }).expect(409);
    expect(res.body.type).toMatch(/webhook_endpoint_limit$/);
  });
});

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startOwnRedis, type OwnRedis } from './support/redis-server.js';
import { startProcess, waitFor, type RunningProcess } from './support/processes.js';

const APP_SECRET = 'redis-outage-test-secret-of-more-than-32-chars';
const SAMPLE = readFileSync('libs/ai/src/extractive/__fixtures__/sample-transcript.txt', 'utf8');

/** A signed session cookie as cookie-parser checks it (the session itself lives in Redis). */
function sessionCookie(sessionId: string): string {
  const signature = createHmac('sha256', APP_SECRET).update(sessionId).digest('base64').replace(/=+$/, '');
  return `scriptorium_session=${encodeURIComponent(`s:${sessionId}.${signature}`)}`;
}

describe('the API with its Redis killed and restarted', () => {
  let redis: OwnRedis;
  let api: RunningProcess;
  let base: string;
  let auth: { Authorization: string };
  let jobId: string;

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, { ...init, headers: { ...auth, 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    redis = await startOwnRedis();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: `${process.env.REDIS_PREFIX}_outage`, APP_SECRET };
    const cli = startProcess('dist/apps/cli/src/main.js', env, ['user:create', `outage-${randomBytes(4).toString('hex')}`]);
    await cli.exited;
    auth = { Authorization: `Bearer ${cli.output().trim().split('\n').at(-1)!}` };
    api = startProcess('dist/apps/api/src/main.js', { ...env, PORT: '0', LOG_LEVEL: 'info' });
    base = `http://127.0.0.1:${await waitFor(() => /"msg":"api listening","port":(\d+)/.exec(api.output())?.[1], 30_000, 'api to listen')}`;
    const launched = await call('/api/v1/pipelines/generate_blog', { method: 'POST', body: JSON.stringify({ text: SAMPLE }) });
    expect(launched.status).toBe(202);
    jobId = ((await launched.json()) as { job_id: string }).job_id;
  }, 60_000);
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await redis?.kill();
  });

  it('answers reads that need only PostgreSQL, 503 with Retry-After for what needs Redis, and never a 500', async () => {
    await redis.kill();
    expect((await fetch(`${base}/readyz`)).status).toBe(503);

    // Rate limits cannot be counted without Redis: these go through.
    expect((await call('/api/v1/me')).status).toBe(200);
    expect((await call('/api/v1/jobs')).status).toBe(200);
    expect((await call(`/api/v1/jobs/${jobId}`)).status).toBe(200);
    expect((await call('/api/v1/documents', { method: 'POST', body: JSON.stringify({ text: SAMPLE }) })).status).toBe(201);

    const needsRedis = [
      // Sessions live in Redis.
      await fetch(`${base}/api/v1/me`, { headers: { Cookie: sessionCookie(randomBytes(32).toString('base64url')) } }),
      // The job's events are a Redis stream.
      await call(`/api/v1/jobs/${jobId}/events`),
    ];
    for (const res of needsRedis) {
      expect({ status: res.status, retryAfter: res.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
      expect(((await res.json()) as { type: string }).type).toMatch(/service_unavailable$/);
    }

    // A job cannot be queued: 503 enqueue_failed within the enqueue deadline, and its key is free again.
    const started = Date.now();
    const refused = await call('/api/v1/pipelines/generate_blog', { method: 'POST', headers: { 'Idempotency-Key': 'during-outage' }, body: JSON.stringify({ text: SAMPLE }) });
    expect({ status: refused.status, retryAfter: refused.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '5' });
    expect(((await refused.json()) as { type: string }).type).toMatch(/enqueue_failed$/);
    expect(Date.now() - started).toBeLessThan(8_000);

    // Every GET of the API document: anything but a 5xx other than 503.
    const openapi = JSON.parse(readFileSync('openapi.json', 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    for (const path of Object.keys(openapi.paths).filter((path) => 'get' in openapi.paths[path]!)) {
      const res = await call(path.replace(/\{[^}]+\}/g, randomUUID()));
      if (res.status >= 500) expect({ path, status: res.status }).toEqual({ path, status: 503 });
      await res.arrayBuffer();
    }
    expect(api.child.exitCode).toBeNull();

    await redis.start();
    await waitFor(async () => (await fetch(`${base}/readyz`)).status === 200, 15_000, 'readyz to recover');
    const retried = await waitFor(async () => {
      const res = await call('/api/v1/pipelines/generate_blog', { method: 'POST', headers: { 'Idempotency-Key': 'during-outage' }, body: JSON.stringify({ text: SAMPLE }) });
      return res.status === 202 ? res : undefined;
    }, 40_000, 'a job to be queued again');
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(api.output()).not.toMatch(/"status":500|internal_error/);
  }, 90_000);
});

import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { startFakeGithub, type FakeGithub } from './fakes/github.fake.js';
import { startProcess, waitFor, type RunningProcess } from './support/processes.js';

/** Cookies from a fetch response, as a Cookie header value. */
function cookiesOf(response: Response): string {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

describe('logs of a real API process never contain secrets', () => {
  let github: FakeGithub;
  let api: RunningProcess;
  let base: string;

  beforeAll(async () => {
    github = await startFakeGithub();
    api = startProcess('dist/apps/api/src/main.js', {
      PORT: '0',
      LOG_LEVEL: 'trace',
      GITHUB_CLIENT_ID: github.clientId,
      GITHUB_CLIENT_SECRET: github.clientSecret,
      GITHUB_BASE_URL: github.url,
      GITHUB_API_URL: github.url,
    });
    const port = await waitFor(() => /"msg":"api listening","port":(\d+)/.exec(api.output())?.[1], 30_000, 'api to listen');
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await github?.close();
  });

  it('logs requests with request_id but no API key, session, OAuth code, GitHub token or client secret', async () => {
    github.signInAs({ id: 42, login: 'logcheck', name: null, email: 'logcheck@example.com', avatar_url: 'https://example.com/a.png' });
    const start = await fetch(`${base}/auth/github`, { redirect: 'manual' });
    const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const callback = await fetch(approved.headers.get('location')!.replace('http://localhost:3000', base), {
      redirect: 'manual',
      headers: { Cookie: cookiesOf(start) },
    });
    expect(callback.status).toBe(302);
    const session = cookiesOf(callback);
    const created = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { Cookie: session, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'log-check', scopes: ['jobs:read'] }),
    });
    const { secret } = (await created.json()) as { secret: string };
    expect((await fetch(`${base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/me`, { headers: { Authorization: 'Bearer scr_wrong' } })).status).toBe(401);

    await waitFor(() => (api.output().match(/"msg":"request completed"/g)?.length ?? 0) >= 5, 10_000, 'request logs');
    const logs = api.output();
    expect(logs).toMatch(/"request_id":"[0-9a-f-]{36}"/);
    const sessionValue = decodeURIComponent(session.split('=')[1]!);
    for (const secretValue of [secret, sessionValue, sessionValue.split('.')[0]!.slice(2), github.clientSecret, ...github.issuedTokens, ...github.issuedCodes]) {
      expect(secretValue.length).toBeGreaterThan(8);
      expect(logs).not.toContain(secretValue);
    }
    expect(logs).not.toContain('scr_wrong');
  });
});

describe('logs of a failing database write never contain the row', () => {
  const marker = `LOGSCAN-${randomBytes(6).toString('hex')}`;
  const email = `leak-${randomBytes(4).toString('hex')}@example.com`;
  const trigger = `logscan_${randomBytes(4).toString('hex')}`;
  let db: MikroORM;
  const sql = (query: string) => db.em.getConnection().execute(query);
  let api: RunningProcess;
  let worker: RunningProcess;
  let base: string;
  let key: string;

  beforeAll(async () => {
    // A real constraint error carrying the row: documents titled with the marker lose their text
    // just before PostgreSQL checks NOT NULL, which fails with "Failing row contains (…title…)".
    db = await MikroORM.init({ clientUrl: process.env.DATABASE_URL, entities: [], discovery: { warnWhenNoEntities: false } });
    await sql(`create function ${trigger}() returns trigger language plpgsql as $$ begin new.raw_text := null; return new; end $$`);
    await sql(`create trigger ${trigger} before insert or update on documents for each row when (new.title like '${marker}%') execute function ${trigger}()`);
    const cli = startProcess('dist/apps/cli/src/main.js', {}, ['user:create', `logscan-${randomBytes(4).toString('hex')}`]);
    await cli.exited;
    key = cli.output().trim().split('\n').at(-1)!;
    // Its own queue: this worker must not take other tests' jobs.
    const prefix = `${process.env.REDIS_PREFIX}_logscan`;
    api = startProcess('dist/apps/api/src/main.js', { PORT: '0', LOG_LEVEL: 'trace', REDIS_PREFIX: prefix, JOB_ATTEMPTS: '1' });
    worker = startProcess('dist/apps/worker/src/main.js', { LOG_LEVEL: 'trace', REDIS_PREFIX: prefix, JOB_ATTEMPTS: '1' });
    const port = await waitFor(() => /"msg":"api listening","port":(\d+)/.exec(api.output())?.[1], 30_000, 'api to listen');
    base = `http://127.0.0.1:${port}`;
    await waitFor(() => worker.output().includes('worker started'), 30_000, 'worker start');
  }, 60_000);
  afterAll(async () => {
    for (const process of [api, worker]) process?.child.kill('SIGTERM');
    await Promise.all([api?.exited, worker?.exited]);
    if (db) {
      await sql(`drop trigger if exists ${trigger} on documents`);
      await sql(`drop function if exists ${trigger}()`);
      await db.close();
    }
  });

  it('the API logs the 500 with the SQLSTATE and the table, not the title, text or email', async () => {
    const res = await fetch(`${base}/api/v1/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `${marker} ${email}`, text: `Body of ${marker}, written by ${email}.` }),
    });
    expect(res.status).toBe(500);
    const logs = await waitFor(() => (api.output().includes('"msg":"request failed"') ? api.output() : undefined), 10_000, 'the failure log');
    expect(logs).toMatch(/"code":"23502"/);
    expect(logs).toMatch(/"table":"documents"/);
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(email);
    expect(logs).not.toContain('Failing row');
  });

  it('the worker logs a job that failed on it without the document either', async () => {
    const form = new FormData();
    form.append('files', new Blob([`# ${marker} ${email}\n\nNotes of ${marker} for ${email}.\n`], { type: 'text/markdown' }), 'notes.md');
    const res = await fetch(`${base}/api/v1/documents/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'X-Request-Id': 'logscan-upload' },
      body: form,
    });
    expect(res.status).toBe(202);
    const { job_id: jobId } = (await res.json()) as { job_id: string };
    const logs = await waitFor(() => (worker.output().includes(`"msg":"job failed","job_id":"${jobId}"`) ? worker.output() : undefined), 30_000, 'the job to fail');
    expect(logs).toMatch(/"code":"23502"/);
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(email);
    expect(logs).not.toContain('Failing row');
  });
});

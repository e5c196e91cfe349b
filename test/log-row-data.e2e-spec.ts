import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { startProcess, waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

describe('logs of a failing database write never contain the row', () => {
  const marker = `LOGSCAN-${randomBytes(6).toString('hex')}`;
  const email = `leak-${randomBytes(4).toString('hex')}@example.com`;
  const trigger = `logscan_${randomBytes(4).toString('hex')}`;
  // Its own queue (useStack gives each file one): this worker must not take other tests' jobs.
  const stack = useStack({ api: 'process', worker: true, env: { LOG_LEVEL: 'trace', JOB_ATTEMPTS: '1' } });
  let db: MikroORM;
  const sql = (query: string) => db.em.getConnection().execute(query);
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
  }, 60_000);
  afterAll(async () => {
    if (db) {
      await sql(`drop trigger if exists ${trigger} on documents`);
      await sql(`drop function if exists ${trigger}()`);
      await db.close();
    }
  });

  it('the API logs the 500 with the SQLSTATE and the table, not the title, text or email', async () => {
    const res = await fetch(`${stack.url}/api/v1/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `${marker} ${email}`, text: `Body of ${marker}, written by ${email}.` }),
    });
    expect(res.status).toBe(500);
    const logs = await waitFor(() => (stack.apiProcess.output().includes('"msg":"request failed"') ? stack.apiProcess.output() : undefined), 10_000, 'the failure log');
    expect(logs).toMatch(/"code":"23502"/);
    expect(logs).toMatch(/"table":"documents"/);
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(email);
    expect(logs).not.toContain('Failing row');
  });

  it('the worker logs a job that failed on it without the document either', async () => {
    const form = new FormData();
    const notes = `# ${marker} ${email}\n\n${`Notes of ${marker} for ${email}, long enough to be a document worth keeping. `.repeat(12)}\n`;
    form.append('files', new Blob([notes], { type: 'text/markdown' }), 'notes.md');
    const res = await fetch(`${stack.url}/api/v1/documents/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'X-Request-Id': 'logscan-upload' },
      body: form,
    });
    expect(res.status).toBe(202);
    const { job_id: jobId } = (await res.json()) as { job_id: string };
    const logs = await waitFor(() => (stack.worker.output().includes(`"msg":"job failed","job_id":"${jobId}"`) ? stack.worker.output() : undefined), 30_000, 'the job to fail');
    expect(logs).toMatch(/"code":"23502"/);
    expect(logs).not.toContain(marker);
    expect(logs).not.toContain(email);
    expect(logs).not.toContain('Failing row');
  });
});

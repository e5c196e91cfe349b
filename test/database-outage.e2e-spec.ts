import { setTimeout as sleep } from 'node:timers/promises';
import type { SeededUser } from './support/accounts.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';
import { TcpProxy } from './chaos/tcp-proxy.js';

/**
 * The worker reaches PostgreSQL through a proxy the test cuts for a few seconds while a job runs
 * (found by the chaos run, R2: every running job ended `worker_lost`, its attempts spent on a
 * database that could not even record them). The job must wait for the database and succeed,
 * with a single attempt allowed.
 */
describe('a job running while PostgreSQL is unreachable', () => {
  const stack = useStack({ listen: true, env: { JOB_ATTEMPTS: '1', WORKER_LOCK_DURATION_MS: '2000' } });
  let alice: SeededUser;
  let proxy: TcpProxy;

  beforeAll(async () => {
    alice = await stack.user();
    const database = new URL(process.env.DATABASE_URL!);
    proxy = await new TcpProxy(database.hostname, Number(database.port || 5432)).start();
  });
  afterAll(() => proxy?.close());

  it('waits for the database without spending an attempt, then succeeds', async () => {
    const shared = await import('@app/shared');
    const job = await stack.api.app.get(shared.JobsService).create({ userId: alice.user.id, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 12, step_ms: 250 } });
    const through = new URL(process.env.DATABASE_URL!);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    const worker = await stack.startWorker({ DATABASE_URL: through.toString() });
    await waitFor(() => new RegExp(`"msg":"step succeeded","job_id":"${job.id}"`).test(worker.output()), 30_000, 'a step to run');

    proxy.cut();
    await sleep(3000);
    proxy.restore();

    const done = await stack.job(alice, job.id, 'succeeded', 60_000);
    expect(done).toMatchObject({ status: 'succeeded' });
    expect(worker.output()).toMatch(/job delayed: a backing service is unreachable/);
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job, JobsService } from '@app/shared';
import { startProcess, waitFor, type RunningProcess } from './support/processes.js';
import { useStack } from './support/use-stack.js';

const WORKER = 'dist/apps/worker/src/main.js';

describe('jobs: API service → BullMQ → worker process → Postgres', () => {
  const stack = useStack({ env: { JOB_ATTEMPTS: '2', JOB_BACKOFF_MS: '100' } });
  let jobs: JobsService;
  let orm: MikroORM;
  // Loaded after the environment is set: configuration is read when the modules load.
  let shared: typeof import('@app/shared');
  const workers: RunningProcess[] = [];
  let userId: string;

  async function startWorker(env: Record<string, string> = {}): Promise<RunningProcess> {
    const worker = await stack.startWorker(env);
    workers.push(worker);
    return worker;
  }

  async function load(jobId: string): Promise<Job> {
    return orm.em.fork().findOneOrFail(shared.Job, jobId);
  }

  async function until(jobId: string, status: Job['status'], timeoutMs = 15_000): Promise<Job> {
    return waitFor(async () => {
      const job = await load(jobId);
      return job.status === status ? job : undefined;
    }, timeoutMs, `job ${jobId} to be ${status}`);
  }

  beforeAll(async () => {
    shared = await import('@app/shared');
    const { MikroORM } = await import('@mikro-orm/postgresql');
    jobs = stack.api.app.get(shared.JobsService);
    orm = stack.api.app.get(MikroORM);
    userId = (await stack.user()).user.id;
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null) {
        worker.child.kill('SIGKILL');
        await worker.exited;
      }
    }
  });

  it('runs a job to succeeded, recording attempts, timings, output and each step', async () => {
    await startWorker();
    const created = await jobs.create({ userId, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 3, echo: 'hello' } });
    expect(created.status).toBe('queued');

    const job = await until(created.id, 'succeeded');
    expect(job.attempts).toBe(1);
    expect(job.output).toMatchObject({ steps: 3, echo: 'hello' });
    expect(job.error).toBeNull();
    expect(job.startedAt!.getTime()).toBeLessThanOrEqual(job.finishedAt!.getTime());

    const steps = await orm.em.fork().find(shared.JobStep, { job: job.id }, { orderBy: { name: 'asc' } });
    expect(steps.map((step) => [step.name, step.status, step.output])).toEqual([
      ['step_1', 'succeeded', 1],
      ['step_2', 'succeeded', 2],
      ['step_3', 'succeeded', 3],
    ]);
  });

  it('retries a failing job with backoff, then marks it failed with its error, never redoing finished steps', async () => {
    await startWorker();
    const created = await jobs.create({ userId, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 3, fail_step: 2 } });

    const job = await until(created.id, 'failed');
    expect(job.attempts).toBe(2);
    expect(job.error).toEqual({ code: 'diagnostics_step_failed', message: 'step 2 failed as requested' });

    const steps = await orm.em.fork().find(shared.JobStep, { job: job.id }, { orderBy: { name: 'asc' } });
    expect(steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['step_1', 'succeeded', 1],
      ['step_2', 'failed', 2],
    ]);
  });

  it('on SIGTERM stops taking jobs, finishes the running one, then exits 0', async () => {
    const worker = await startWorker();
    const running = await jobs.create({ userId, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 4, step_ms: 400 } });
    await until(running.id, 'running');

    worker.child.kill('SIGTERM');
    // Queued after the signal: the stopping worker must leave it for another worker.
    await waitFor(() => worker.output().includes('worker stopping'), 5000, 'worker to begin stopping');
    const later = await jobs.create({ userId, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 1 } });

    expect(await worker.exited).toBe(0);
    const finished = await load(running.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.output).toMatchObject({ steps: 4 });
    expect((await load(later.id)).status).toBe('queued');

    // The job queued during shutdown is not lost: the next worker runs it.
    await startWorker();
    await until(later.id, 'succeeded');
  });

  it('stops a running job at its next step boundary when canceled', async () => {
    await startWorker();
    const created = await jobs.create({ userId, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 6, step_ms: 300 } });
    await until(created.id, 'running');
    await waitFor(async () => (await orm.em.fork().count(shared.JobStep, { job: created.id, status: 'succeeded' })) >= 1, 10_000, 'first step');
    await jobs.cancel(userId, created.id);

    const job = await until(created.id, 'canceled');
    expect(job.finishedAt).not.toBeNull();
    const done = await orm.em.fork().count(shared.JobStep, { job: created.id, status: 'succeeded' });
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(6);
  });

  it('deletes expired Idempotency-Keys with a repeatable maintenance job, keeping live ones', async () => {
    const connection = orm.em.fork().getConnection();
    const insert = (key: string, expires: string) =>
      connection.execute(
        `insert into step_invocations (id, created_at, updated_at, user_id, idempotency_key, request_hash, state, expires_at)
         values (gen_random_uuid(), now(), now(), ?, ?, 'h', 'done', ${expires})`,
        [userId, key],
      );
    await insert('expired-key', "now() - interval '1 hour'");
    await insert('live-key', "now() + interval '1 hour'");
    await startWorker({ MAINTENANCE_INTERVAL_S: '1' });
    await waitFor(async () => {
      const rows = await connection.execute<{ idempotency_key: string }[]>('select idempotency_key from step_invocations where user_id = ?', [userId]);
      return rows.length === 1 ? rows : undefined;
    }, 15_000, 'expired key to be deleted');
    const left = await connection.execute<{ idempotency_key: string }[]>('select idempotency_key from step_invocations where user_id = ?', [userId]);
    expect(left.map((row) => row.idempotency_key)).toEqual(['live-key']);
  });

  it('refuses to start with an invalid environment, naming the variable', async () => {
    const worker = startProcess(WORKER, { WORKER_CONCURRENCY: 'lots' });
    expect(await worker.exited).toBe(1);
    expect(worker.output()).toContain('WORKER_CONCURRENCY must be an integer number');
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { Job } from '@app/shared';
import type { SeededUser } from './support/accounts.js';
import { waitFor, type RunningProcess } from './support/processes.js';
import { readEvents } from './support/sse-events.js';
import { useStack } from './support/use-stack.js';
/** Short locks: a killed worker's job is noticed within a few seconds. */
const LOCK_MS = 2000;

/**
 * Jobs whose workers die (SIGKILL) while running them, with real worker processes: BullMQ fails a
 * job whose worker died more often than allowed without telling anyone; its row must still end.
 */
describe('jobs no worker will finish', () => {
  const stack = useStack({
    listen: true,
    env: { WORKER_LOCK_DURATION_MS: String(LOCK_MS), WORKER_MAX_STALLED_COUNT: '1', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100', MAINTENANCE_INTERVAL_S: '1' },
  });
  let shared: typeof import('@app/shared');
  let alice: SeededUser;
  let base: string;
  const workers: RunningProcess[] = [];

  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = await stack.startWorker(env);
    workers.push(worker);
    return worker;
  };
  const kill = async (worker: RunningProcess) => {
    worker.child.kill('SIGKILL');
    await worker.exited;
  };
  const load = async (jobId: string) => {
    const { MikroORM } = await import('@mikro-orm/postgresql');
    return stack.api.app.get(MikroORM).em.fork().findOneOrFail(shared.Job, jobId);
  };
  const until = (jobId: string, status: Job['status'], timeoutMs = 20_000) =>
    waitFor(async () => ((await load(jobId)).status === status ? load(jobId) : undefined), timeoutMs, `job ${jobId} to be ${status}`);
  /** A diagnostics job long enough to be killed in the middle of. */
  const longJob = () => stack.api.app.get(shared.JobsService).create({ userId: alice.user.id, type: shared.JOB_TYPES.DIAGNOSTICS, input: { steps: 20, step_ms: 500 } });
  const stepStarted = (jobId: string, worker: RunningProcess) =>
    waitFor(() => new RegExp(`"msg":"step succeeded","job_id":"${jobId}"`).test(worker.output()), 20_000, `${jobId} to run on the worker`);

  beforeAll(async () => {
    shared = await import('@app/shared');
    base = stack.url;
    alice = await stack.user();
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) if (worker.child.exitCode === null) await kill(worker);
  });

  it('fails the row with worker_lost when the worker is killed twice while running it, and ends its event stream', async () => {
    const job = await longJob();
    const first = await startWorker();
    await stepStarted(job.id, first);
    await kill(first);

    // The next worker finds the job stalled and runs it again …
    const second = await startWorker();
    await stepStarted(job.id, second);
    const events = readEvents(`${base}/api/v1/jobs/${job.id}/events`, alice.auth, 90_000);
    await kill(second);

    // … the third finds it stalled a second time: BullMQ fails it without running it.
    const third = await startWorker();
    const failed = await until(job.id, 'failed', 60_000);
    expect(failed.error).toMatchObject({ code: 'worker_lost' });
    expect(failed.finishedAt).toBeInstanceOf(Date);
    await waitFor(() => third.output().includes('abandoned job finished'), 5_000, 'the third worker to say so');

    const stream = await events;
    expect(stream.events.at(-1)).toMatchObject({ event: 'job.finished', data: { status: 'failed', error: { code: 'worker_lost' } } });
    const view = await stack.api.http.get(`/api/v1/jobs/${job.id}`).set(alice.auth).expect(200);
    expect(view.body).toMatchObject({ status: 'failed', error: { code: 'worker_lost' } });
  }, 150_000);

  it('cancels at once a running job whose worker died, and no later worker runs it', async () => {
    const job = await longJob();
    const first = await startWorker();
    await stepStarted(job.id, first);
    await kill(first);
    await sleep(LOCK_MS * 1.5); // the dead worker's lock lapses

    const events = readEvents(`${base}/api/v1/jobs/${job.id}/events`, alice.auth, 15_000);
    const canceled = await stack.api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(alice.auth).expect(202);
    expect(canceled.body).toMatchObject({ status: 'canceled' });
    expect((await events).events.at(-1)).toMatchObject({ event: 'job.finished', data: { status: 'canceled' } });

    const later = await startWorker();
    await sleep(LOCK_MS * 3);
    expect(later.output()).not.toMatch(new RegExp(`"msg":"step succeeded","job_id":"${job.id}"`));
    expect((await load(job.id)).status).toBe('canceled');
  }, 60_000);

  it('still lets a live worker stop a running job at its next step boundary', async () => {
    const job = await longJob();
    const worker = await startWorker();
    await stepStarted(job.id, worker);
    const asked = await stack.api.http.post(`/api/v1/jobs/${job.id}/cancel`).set(alice.auth).expect(202);
    expect(asked.body.status).toBe('running');
    expect(asked.body.cancel_requested_at).toBeTruthy();
    await until(job.id, 'canceled');
  }, 60_000);

  it('reconciles in the maintenance job: a row left running whose queue job is gone ends worker_lost', async () => {
    const job = await longJob();
    // What a lost failure event leaves behind: the queue no longer has the job, the row says running.
    await stack.api.app.get<Queue>(getQueueToken(shared.QUEUES.JOBS)).remove(job.id);
    await stack.sql(`update jobs set status = 'running', started_at = now() - interval '2 hours', updated_at = now() - interval '1 hour' where id = ?`, [job.id]);
    const fresh = await longJob(); // on the queue: left alone

    await startWorker({ WORKER_CONCURRENCY: '1' });
    const failed = await until(job.id, 'failed', 60_000);
    expect(failed.error).toMatchObject({ code: 'worker_lost' });
    await until(fresh.id, 'running');
  }, 90_000);
});

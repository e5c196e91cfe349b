import { randomUUID } from 'node:crypto';
import { useLibContext } from '../../../../test/support/lib-context.js';
import type { JobRunsRepository } from './job-runs.repository.js';
import type { JobStepsRepository } from './job-steps.repository.js';

/** The jobs and job_steps rows as a worker moves them, against the run's Postgres. */
describe('JobRunsRepository and JobStepsRepository (Postgres)', () => {
  const ctx = useLibContext('job_runs', async () => []);
  let runs: JobRunsRepository;
  let steps: JobStepsRepository;
  let userId: string;

  beforeAll(async () => {
    runs = ctx.app.get((await import('./job-runs.repository.js')).JobRunsRepository);
    steps = ctx.app.get((await import('./job-steps.repository.js')).JobStepsRepository);
    userId = await ctx.newUser();
  });

  const newJob = async (fields: Record<string, unknown> = {}) => {
    const id = randomUUID();
    await ctx.sql(
      `insert into jobs (id, created_at, updated_at, user_id, type, status, input, attempts, max_attempts, cancel_requested_at)
       values (?, now(), now(), ?, 'diagnostics', ?, '{}', 0, 3, ?)`,
      [id, userId, fields.status ?? 'queued', fields.cancel_requested_at ?? null],
    );
    return id;
  };

  it('claims a queued job once it is not finished or canceled, returning the row as it is then', async () => {
    const queued = await newJob();
    const claimed = await runs.claim(queued, 2);
    expect(claimed).toMatchObject({ id: queued, status: 'running', attempts: 2 });
    expect(claimed!.startedAt).toBeInstanceOf(Date);
    expect(await runs.claim(await newJob({ status: 'succeeded' }), 1)).toBeNull();
    expect(await runs.claim(await newJob({ cancel_requested_at: new Date() }), 1)).toBeNull();
  });

  it('reads cancel flags one by one and for a set of running jobs', async () => {
    const plain = await newJob({ status: 'running' });
    const canceled = await newJob({ status: 'running', cancel_requested_at: new Date() });
    expect(await runs.cancelRequested(plain)).toBe(false);
    expect(await runs.cancelRequested(canceled)).toBe(true);
    expect(await runs.canceledAmong([plain, canceled])).toEqual([canceled]);
    expect(await runs.canceledAmong([])).toEqual([]);
  });

  it('ends an abandoned job as failed (or canceled when asked), once, and finds unfinished rows left alone', async () => {
    const lost = await newJob({ status: 'running' });
    const stoppedOnPurpose = await newJob({ status: 'running', cancel_requested_at: new Date() });
    const before = new Date(Date.now() + 1000);
    expect(await runs.unfinishedSince(before, 1000)).toEqual(expect.arrayContaining([lost, stoppedOnPurpose]));
    expect(await runs.finishAbandoned(lost, { code: 'worker_lost', message: 'lost' })).toMatchObject({ status: 'failed' });
    expect(await runs.finishAbandoned(lost, { code: 'worker_lost', message: 'lost' })).toBeNull();
    expect(await runs.finishAbandoned(stoppedOnPurpose, { code: 'worker_lost', message: 'lost' })).toMatchObject({ status: 'canceled' });
    const [row] = await ctx.sql<{ error: { code: string } }>('select error from jobs where id = ?', [lost]);
    expect(row!.error.code).toBe('worker_lost');
    const documentId = randomUUID();
    await runs.attachDocument(lost, documentId);
    expect((await ctx.sql<{ document_id: string }>('select document_id from jobs where id = ?', [lost]))[0]!.document_id).toBe(documentId);
  });

  it('checkpoints a step: start (not when canceled), restart after a failure, succeed, and read the finished ones', async () => {
    const { failedCheckpoint, succeededCheckpoint } = await import('./job-steps.repository.js');
    const job = await newJob({ status: 'running' });
    const first = await steps.start(job, 'outline');
    await steps.commit(failedCheckpoint(job, first!, { code: 'model_timeout', message: 'slow' }));
    const again = await steps.start(job, 'outline');
    expect(again).toBe(first);
    await ctx.sql("update jobs set updated_at = now() - interval '1 hour' where id = ?", [job]);
    await steps.commit(succeededCheckpoint(job, again!, { title: 'T' }));
    // The checkpoint records the job's progress in the same statement.
    const [progress] = await ctx.sql<{ recent: boolean }>("select updated_at > now() - interval '1 minute' as recent from jobs where id = ?", [job]);
    expect(progress).toEqual({ recent: true });
    const seo = await steps.start(job, 'seo');
    expect(seo).not.toBeNull();
    expect(await steps.finishedOf(job)).toEqual(new Map([['outline', { title: 'T' }]]));
    const [row] = await ctx.sql<{ attempts: number; status: string }>("select attempts, status from job_steps where job_id = ? and name = 'outline'", [job]);
    expect(row).toEqual({ attempts: 2, status: 'succeeded' });
    const canceled = await newJob({ status: 'running', cancel_requested_at: new Date() });
    expect(await steps.start(canceled, 'outline')).toBeNull();
  });
});

import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

describe('generate_blog resumed after its worker is SIGKILLed mid-chapters', () => {
  const stack = useStack({
    worker: true,
    fakes: { openaiChat: true },
    env: { CHAPTER_CONCURRENCY: '1', WORKER_LOCK_DURATION_MS: '2000', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '50' },
  });
  const { openaiChat: fake } = stack.fakes;
  const { sql } = stack;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
  });

  it('the new worker takes the job over, skips finished steps and bills every step once', async () => {
    // The outline answers at once; every later call (seo, chapters) takes 1.5 s.
    fake.enqueue({ type: 'slow', delayMs: 1 }, ...Array.from({ length: 12 }, () => ({ type: 'slow' as const, delayMs: 1500 })));
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 4 } })
      .expect(202);
    const jobId = res.body.job_id as string;

    await waitFor(
      async () => (await sql<{ status: string }>('select status from job_steps where job_id = ? and name = ?', [jobId, 'chapter_1']))[0]?.status === 'succeeded',
      30_000,
      'chapter_1 to succeed',
    );
    stack.worker.child.kill('SIGKILL');
    await stack.worker.exited;

    const second = await stack.startWorker();
    const job = await stack.job(alice, jobId, 'succeeded', 45_000);
    expect(job.output.post_id).toBeTruthy();

    const billed = await sql<{ step_type: string; billable: string | number; total: string | number }>(
      'select step_type, count(*) filter (where billable) as billable, count(*) as total from usage_events where job_id = ? group by step_type order by step_type',
      [jobId],
    );
    expect(billed.map((row) => row.step_type)).toEqual(['chapter_1', 'chapter_2', 'chapter_3', 'chapter_4', 'outline', 'seo']);
    for (const row of billed) expect({ step: row.step_type, billable: Number(row.billable) }).toEqual({ step: row.step_type, billable: 1 });

    const steps = await sql<{ name: string; attempts: number; status: string }>('select name, attempts, status from job_steps where job_id = ?', [jobId]);
    const byName = new Map(steps.map((step) => [step.name, step]));
    expect(byName.get('outline')).toMatchObject({ attempts: 1, status: 'succeeded' });
    expect(byName.get('chapter_1')).toMatchObject({ attempts: 1, status: 'succeeded' });
    for (const step of steps) expect(step.status).toBe('succeeded');
    // The second worker did the rest.
    expect(second.output()).toContain(jobId);
  }, 90_000);
});

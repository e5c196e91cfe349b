import type { SeededUser } from './support/accounts.js';
import { SAMPLE } from './support/pipeline.suite.js';
import { waitFor } from './support/processes.js';
import { useStack } from './support/use-stack.js';

/**
 * A step's checkpoint, its usage events (with their credit debits and daily sums) and the job's
 * progress are written in one statement. The worker is caught inside the outline's checkpoint
 * write — a test trigger on job_steps sleeps there — and killed there, with its database session:
 * nothing of that write may remain, and the re-run of the step bills once.
 */
describe('a step checkpoint commits with its usage events, or neither does', () => {
  const stack = useStack({
    // The trap below is on tables every suite writes: kept to a database of this file's own.
    ownDatabase: true,
    worker: true,
    fakes: { openaiChat: true },
    env: { CHAPTER_CONCURRENCY: '2', WORKER_LOCK_DURATION_MS: '2000', JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '50' },
  });
  const { sql } = stack;
  let alice: SeededUser;

  beforeAll(async () => {
    alice = await stack.user();
    await sql('create table test_checkpoint_trap (user_id uuid primary key)');
    // Holds a trapped user's outline checkpoint until its session is ended.
    await sql(`create function test_checkpoint_trap() returns trigger language plpgsql as $$
      begin
        if new.status = 'succeeded' and new.name = 'outline'
          and exists (select 1 from test_checkpoint_trap t join jobs j on j.user_id = t.user_id where j.id = new.job_id) then
          perform pg_sleep(600);
        end if;
        return new;
      end $$`);
    await sql('create trigger test_checkpoint_trap before update on job_steps for each row execute function test_checkpoint_trap()');
  });

  afterAll(async () => {
    await sql('drop trigger if exists test_checkpoint_trap on job_steps');
    await sql('drop function if exists test_checkpoint_trap()');
    await sql('drop table if exists test_checkpoint_trap');
  });

  const outlineUsage = (jobId: string) =>
    sql<{ events: number; debits: number }>(
      `select count(*)::int as events, count(l.id)::int as debits
         from usage_events e left join credit_ledger l on l.ref = 'usage:' || e.id
        where e.job_id = ? and e.step_type = 'outline'`,
      [jobId],
    );

  it('a worker killed inside the outline checkpoint leaves no usage without its checkpoint; the re-run bills once and the job finishes', async () => {
    await sql('insert into test_checkpoint_trap (user_id) values (?)', [alice.user.id]);
    const res = await stack.api.http
      .post('/api/v1/pipelines/generate_blog')
      .set(alice.auth)
      .send({ text: SAMPLE, options: { chapters_count: 2 } })
      .expect(202);
    const jobId = res.body.job_id as string;

    // The worker's session, asleep inside the outline's checkpoint write.
    const [held] = await waitFor(
      async () => {
        const rows = await sql<{ pid: number }>("select pid from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'");
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
      'the outline checkpoint to be written',
    );
    stack.worker.child.kill('SIGKILL');
    await stack.worker.exited;
    // The process and its session die together (as when the machine goes away).
    await sql('select pg_terminate_backend(?)', [held!.pid]);
    await waitFor(async () => (await sql('select 1 from pg_stat_activity where pid = ?', [held!.pid])).length === 0, 10_000, 'the session to end');

    // Neither part of the write survived: no usage (nor debit) for a step not checkpointed.
    const [outline] = await sql<{ status: string }>("select status from job_steps where job_id = ? and name = 'outline'", [jobId]);
    expect(outline).toEqual({ status: 'running' });
    expect(await outlineUsage(jobId)).toEqual([{ events: 0, debits: 0 }]);

    await sql('delete from test_checkpoint_trap');
    await stack.startWorker();
    const job = await stack.job(alice, jobId, 'succeeded', 60_000);

    // The re-run step bills once; every step is checkpointed with its usage.
    expect(await outlineUsage(jobId)).toEqual([{ events: 1, debits: 1 }]);
    const steps = await sql<{ name: string; status: string; attempts: number }>('select name, status, attempts from job_steps where job_id = ? order by name', [jobId]);
    expect(steps.find((step) => step.name === 'outline')).toEqual({ name: 'outline', status: 'succeeded', attempts: 2 });
    for (const step of steps) expect(step.status).toBe('succeeded');
    const billed = await sql<{ step_type: string; events: number; billable: number }>(
      'select step_type, count(*)::int as events, (count(*) filter (where billable))::int as billable from usage_events where job_id = ? group by step_type order by step_type',
      [jobId],
    );
    expect(billed).toEqual(['chapter_1', 'chapter_2', 'intro_conclusion', 'outline', 'seo'].map((step) => ({ step_type: step, events: 1, billable: 1 })));
    const usageSteps = new Set(billed.map((row) => row.step_type));
    for (const step of steps.filter((row) => usageSteps.has(row.name))) expect(step.status).toBe('succeeded');

    // Money: one debit per billable event, the daily sums and the job's output agree with the events.
    const [money] = await sql<{ cost: string; debited: string; debits: number; daily: string }>(
      `select (select sum(cost_micros) from usage_events where job_id = ?) as cost,
              (select -sum(l.delta_micros) from credit_ledger l join usage_events e on l.ref = 'usage:' || e.id where e.job_id = ?) as debited,
              (select count(*) from credit_ledger l join usage_events e on l.ref = 'usage:' || e.id where e.job_id = ?)::int as debits,
              (select sum(cost_micros) from usage_daily where user_id = ?) as daily`,
      [jobId, jobId, jobId, alice.user.id],
    );
    expect(Number(money!.cost)).toBeGreaterThan(0);
    expect(money).toEqual({ cost: money!.cost, debited: money!.cost, debits: 5, daily: money!.cost });
    expect(job.output).toMatchObject({ cost_micros: Number(money!.cost), steps: { outline: { chapters: 2 } } });
    const [post] = await sql<{ job_id: string; chapters: number }>('select job_id, jsonb_array_length(chapters)::int as chapters from posts where id = ?', [job.output.post_id]);
    expect(post).toEqual({ job_id: jobId, chapters: 2 });
  }, 120_000);
});

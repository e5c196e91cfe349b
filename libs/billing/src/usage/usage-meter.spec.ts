import { randomUUID } from 'node:crypto';
import { useLibContext } from '../../../../test/support/lib-context.js';
import type { UsageMeter } from './usage-meter.service.js';

/** UsageMeter and its repository against the run's real Postgres: keys, aggregates, ledger, totals. */
describe('UsageMeter (Postgres)', () => {
  // Month-to-date thresholds a few calls cross (one gpt-4o-mini call below costs 450 micro-USD).
  const ctx = useLibContext('usage_meter', async () => [(await import('@app/billing')).BillingModule], { USAGE_ALERT_THRESHOLDS_MICROS: '500, 100, 1000000' });
  let meter: UsageMeter;
  let userId: string;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => ctx.sql<T>(query, params);

  beforeAll(async () => {
    meter = ctx.app.get((await import('@app/billing')).UsageMeter);
    userId = await ctx.newUser();
  });

  const call = { engine: 'openai', model: 'gpt-4o-mini', tokensIn: 1000, tokensOut: 500, latencyMs: 40, used: true };

  it('writes a model call once per job, step and call number: a re-run of the step bills nothing twice', async () => {
    const owner = { userId, jobId: randomUUID(), step: 'outline' };
    expect(await meter.modelCall(owner, 1, call)).toBe(true);
    // The worker died before the checkpoint: the step runs again and makes the same call first.
    expect(await meter.modelCall(owner, 1, { ...call, latencyMs: 55 })).toBe(false);
    expect(await meter.modelCall(owner, 2, { ...call, used: false, failure: 'invalid_json' })).toBe(true);

    const rows = await sql<{ dedup_key: string; billable: boolean; cost_micros: string }>(
      'select dedup_key, billable, cost_micros from usage_events where job_id = ? order by dedup_key',
      [owner.jobId],
    );
    expect(rows).toEqual([
      { dedup_key: `${owner.jobId}:outline:call:1`, billable: true, cost_micros: '450' },
      { dedup_key: `${owner.jobId}:outline:call:2`, billable: false, cost_micros: '450' },
    ]);
    const debits = await sql<{ delta_micros: string }>(
      "select delta_micros from credit_ledger l join usage_events e on l.ref = 'usage:' || e.id where e.job_id = ?",
      [owner.jobId],
    );
    expect(debits).toEqual([{ delta_micros: '-450' }]);
    expect(await meter.jobTotals(owner.jobId)).toEqual({ tokensIn: 2000, tokensOut: 1000, costMicros: 900, billedMicros: 450 });
  });

  it('adds each new event to its usage_daily row once', async () => {
    const before = await sql<{ events: number; tokens_in: string }>(
      "select events, tokens_in from usage_daily where user_id = ? and model = 'gpt-4o-mini' and day = (now() at time zone 'UTC')::date",
      [userId],
    );
    const owner = { userId, jobId: randomUUID(), step: 'seo' };
    await meter.modelCall(owner, 1, call);
    await meter.modelCall(owner, 1, call);
    const after = await sql<{ events: number; tokens_in: string }>(
      "select events, tokens_in from usage_daily where user_id = ? and model = 'gpt-4o-mini' and day = (now() at time zone 'UTC')::date",
      [userId],
    );
    expect(after[0]!.events).toBe((before[0]?.events ?? 0) + 1);
    expect(Number(after[0]!.tokens_in)).toBe(Number(before[0]?.tokens_in ?? 0) + 1000);
  });

  it('bills a generated image once per step, and records a failed generation once per attempt without billing it', async () => {
    const owner = { userId, jobId: randomUUID(), step: 'image_1' };
    const failed = { model: 'gpt-image-1', size: '1024x1024', images: 0, latencyMs: 10, failure: 'provider_error' };
    expect(await meter.image(owner, failed, 1)).toBe(true);
    expect(await meter.image(owner, failed, 1)).toBe(false);
    const produced = { model: 'gpt-image-1', size: '1024x1024', images: 1, latencyMs: 900 };
    expect(await meter.image(owner, produced, 2)).toBe(true);
    expect(await meter.image(owner, produced, 3)).toBe(false);
    const rows = await sql<{ billable: boolean; images: number }>('select billable, images from usage_events where job_id = ? order by billable', [owner.jobId]);
    expect(rows).toEqual([
      { billable: false, images: 0 },
      { billable: true, images: 1 },
    ]);
  });

  it('meters captions and a transcription once per job (and file), and a persisted document version without billing it', async () => {
    const jobId = randomUUID();
    expect(await meter.captions({ userId, jobId }, { source: 'manual', durationS: 120 })).toBe(true);
    expect(await meter.captions({ userId, jobId }, { source: 'manual', durationS: 120 })).toBe(false);
    expect(await meter.transcription({ userId, jobId }, 'file-a', { model: 'whisper-1', durationS: 60 })).toBe(true);
    expect(await meter.transcription({ userId, jobId }, 'file-a', { model: 'whisper-1', durationS: 60 })).toBe(false);
    expect(await meter.transcription({ userId, jobId }, 'file-b', { model: 'whisper-1', durationS: 30 })).toBe(true);
    const documentId = randomUUID();
    expect(await meter.persist({ userId }, documentId, 3)).toBe(true);
    expect(await meter.persist({ userId }, documentId, 3)).toBe(false);
    const rows = await sql<{ engine: string; cost_micros: string }>('select engine, cost_micros from usage_events where job_id = ? order by engine, cost_micros', [jobId]);
    // whisper-1 is priced per minute: 0.006 USD × 1 min, × 0.5 min.
    expect(rows).toEqual([
      { engine: 'captions', cost_micros: '0' },
      { engine: 'whisper', cost_micros: '3000' },
      { engine: 'whisper', cost_micros: '6000' },
    ]);
    const [persisted] = await sql<{ billable: boolean; event_type: string }>('select billable, event_type from usage_events where dedup_key = ?', [`persist:${documentId}:3`]);
    expect(persisted).toEqual({ billable: false, event_type: 'persist' });
  });

  it('sends usage.threshold_reached once per threshold and month as the month-to-date cost crosses each', async () => {
    const spender = await ctx.newUser();
    const endpointId = randomUUID();
    await sql(
      `insert into webhook_endpoints (id, created_at, updated_at, user_id, url, events, encrypted_secret)
       values (?, now(), now(), ?, 'https://hooks.example.com/x', '{usage.threshold_reached}', 'v1.sealed')`,
      [endpointId, spender],
    );
    const events = () =>
      sql<{ data: { threshold_micros: number; cost_micros: number; period: string } }>(
        "select data from webhook_events where user_id = ? and type = 'usage.threshold_reached' order by (data->>'threshold_micros')::int",
        [spender],
      );
    const owner = { userId: spender, jobId: randomUUID(), step: 'outline' };
    await meter.modelCall(owner, 1, call);
    // 450 reached 100 only; a second call (900) reaches 500; repeating a call changes nothing.
    expect((await events()).map((event) => event.data.threshold_micros)).toEqual([100]);
    await meter.modelCall(owner, 2, call);
    await meter.modelCall(owner, 2, call);
    const sent = await events();
    expect(sent.map((event) => event.data)).toEqual([
      { threshold_micros: 100, cost_micros: 450, period: expect.stringMatching(/^\d{4}-\d{2}$/), href: expect.any(String) },
      { threshold_micros: 500, cost_micros: 900, period: sent[0]!.data.period, href: expect.any(String) },
    ]);
    const deliveries = await sql<{ endpoint_id: string; status: string }>('select endpoint_id, status from webhook_deliveries where user_id = ?', [spender]);
    expect(deliveries).toEqual([
      { endpoint_id: endpointId, status: 'pending' },
      { endpoint_id: endpointId, status: 'pending' },
    ]);
    // A user without a subscribed endpoint gets no event rows at all.
    expect(await sql("select 1 from webhook_events where user_id = ? and type = 'usage.threshold_reached'", [userId])).toEqual([]);
  });

  it('writes a step’s usage events with its checkpoint in one statement: both or neither, and a re-run bills nothing twice', async () => {
    const { succeededCheckpoint } = await import('@app/shared');
    const spender = await ctx.newUser();
    await sql(
      `insert into webhook_endpoints (id, created_at, updated_at, user_id, url, events, encrypted_secret)
       values (?, now(), now(), ?, 'https://hooks.example.com/x', '{usage.threshold_reached}', 'v1.sealed')`,
      [randomUUID(), spender],
    );
    const jobId = randomUUID();
    await sql(
      `insert into jobs (id, created_at, updated_at, user_id, type, status, input, attempts, max_attempts)
       values (?, now() - interval '1 hour', now() - interval '1 hour', ?, 'generate_blog', 'running', '{}', 1, 3)`,
      [jobId, spender],
    );
    const [step] = await sql<{ id: string }>(
      `insert into job_steps (id, created_at, updated_at, job_id, name, status, attempts, started_at)
       values (?, now(), now(), ?, 'seo', 'running', 1, now()) returning id`,
      [randomUUID(), jobId],
    );
    const owner = { userId: spender, jobId, step: 'seo' };
    const written = async () => {
      const [row] = await sql<{ status: string; events: number; debits: number; daily_events: number; daily_cost: string; progress: boolean }>(
        `select (select status from job_steps where id = ?) as status,
                (select count(*) from usage_events where job_id = ?)::int as events,
                (select count(*) from credit_ledger l join usage_events e on l.ref = 'usage:' || e.id where e.job_id = ?)::int as debits,
                (select coalesce(sum(events), 0) from usage_daily where user_id = ?)::int as daily_events,
                (select coalesce(sum(cost_micros), 0) from usage_daily where user_id = ?)::text as daily_cost,
                (select updated_at > now() - interval '1 minute' from jobs where id = ?) as progress`,
        [step!.id, jobId, jobId, spender, spender, jobId],
      );
      return row;
    };

    // A checkpoint that fails (here: a malformed step id) takes the step's usage events with it.
    const failing = meter.stepUsage(owner);
    failing.modelCall(1, call);
    await expect(failing.commit(succeededCheckpoint(jobId, 'not-a-uuid', { title: 'T' }))).rejects.toThrow();
    expect(await written()).toEqual({ status: 'running', events: 0, debits: 0, daily_events: 0, daily_cost: '0', progress: false });

    const usage = meter.stepUsage(owner);
    usage.modelCall(1, call);
    usage.modelCall(2, { ...call, used: false, failure: 'invalid_json' });
    await usage.commit(succeededCheckpoint(jobId, step!.id, { title: 'T' }));
    expect(await written()).toEqual({ status: 'succeeded', events: 2, debits: 1, daily_events: 2, daily_cost: '900', progress: true });

    // The worker died after that commit but before it moved on: the step runs again, its calls keep their keys.
    const again = meter.stepUsage(owner);
    again.modelCall(1, { ...call, latencyMs: 70 });
    await again.commit(succeededCheckpoint(jobId, step!.id, { title: 'T' }));
    expect(await written()).toEqual({ status: 'succeeded', events: 2, debits: 1, daily_events: 2, daily_cost: '900', progress: true });
    expect(await meter.jobTotals(jobId)).toEqual({ tokensIn: 2000, tokensOut: 1000, costMicros: 900, billedMicros: 450 });

    // The month-to-date cost came from the same statement: 900 reached the 100 and 500 thresholds, once each.
    const sent = await sql<{ threshold: number; cost: number }>(
      "select (data->>'threshold_micros')::int as threshold, (data->>'cost_micros')::int as cost from webhook_events where user_id = ? and type = 'usage.threshold_reached' order by 1",
      [spender],
    );
    expect(sent).toEqual([
      { threshold: 100, cost: 900 },
      { threshold: 500, cost: 900 },
    ]);
  });
});

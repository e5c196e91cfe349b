import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StepCheckpoint } from '@app/shared';

/** A usage event as written: priced, with its dedup key. Built only by UsageMeter. */
export interface UsageEventRow {
  userId: string;
  jobId: string | null;
  stepType: string;
  eventType: 'llm' | 'transcribe' | 'image' | 'persist';
  model: string;
  engine: string;
  /** The named provider that served the call (openai, workers-ai …); null when none did (captions, persist). */
  provider: string | null;
  tokensIn: number;
  tokensOut: number;
  durationS: number | null;
  images: number;
  imageSize: string | null;
  latencyMs: number;
  costMicros: number;
  billable: boolean;
  failure: string | null;
  dedupKey: string;
  at: Date;
}

/** A billable usage event not yet reported to Stripe, with the customer it is reported for. */
export interface UnreportedUsage {
  id: string;
  cost_micros: string | number;
  created_at: Date | string;
  stripe_customer_id: string;
  report_attempts: number;
}

export interface UsageTotals {
  tokensIn: number;
  tokensOut: number;
  costMicros: number;
  /** What the user is charged: the cost of the billable events only. */
  billedMicros: number;
}

/** The outbox's retry schedule: first retry after `baseMs`, doubling, never later than `maxMs`. */
export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
}

/** Of an `event as (insert into usage_events …)` CTE: a dedup key seen before writes nothing; what the next CTEs read. */
const EVENT_ONCE = `on conflict (dedup_key) do nothing
  returning id, user_id, created_at, model, provider, tokens_in, tokens_out, cost_micros, billable`;

/** The credit ledger debits of the `event` CTE's billable, costed events. */
const DEBIT_EVENTS = `insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref)
  select gen_random_uuid(), now(), now(), user_id, -cost_micros, 'usage', 'usage:' || id from event where billable and cost_micros > 0`;

/** An insert into usage_daily adds to the day's row of its key. */
const DAILY_ADD = `on conflict (user_id, day, model, provider) do update set
  tokens_in = usage_daily.tokens_in + excluded.tokens_in,
  tokens_out = usage_daily.tokens_out + excluded.tokens_out,
  cost_micros = usage_daily.cost_micros + excluded.cost_micros,
  events = usage_daily.events + excluded.events,
  updated_at = excluded.updated_at`;

/**
 * Event insert (ON CONFLICT (dedup_key) DO NOTHING) + daily upsert fed by its RETURNING + a credit
 * ledger debit (ref usage:<event id>) when the new event is billable and costs something: atomic, one round trip.
 */
const INSERT_SQL = `with event as (
  insert into usage_events (id, created_at, updated_at, user_id, job_id, step_type, event_type, model, engine, provider, tokens_in, tokens_out, duration_s, images, image_size, latency_ms, cost_micros, billable, failure, dedup_key)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ${EVENT_ONCE}
), debit as (
  ${DEBIT_EVENTS}
)
insert into usage_daily (id, created_at, updated_at, user_id, day, model, provider, tokens_in, tokens_out, cost_micros, events)
select ?, now(), now(), user_id, (created_at at time zone 'UTC')::date, model, coalesce(provider, ''), tokens_in, tokens_out, cost_micros, 1 from event
${DAILY_ADD}
returning 1 as inserted`;

/**
 * A step's checkpoint (its `step` and `progress` CTEs, from JobStepsRepository) and its usage events
 * in one statement, so one commits only with the other: the events (each ON CONFLICT (dedup_key) DO
 * NOTHING), their credit ledger debits and their usage_daily sums (one row per key, as a multi-row
 * upsert may touch a row once). Answers what the new events cost and, with `monthToDate`, the user's
 * month-to-date cost after them (usage_daily as it was, plus the new events).
 */
const CHECKPOINT_SQL = (checkpointCtes: string) => `with ${checkpointCtes},
incoming as (
  select * from jsonb_to_recordset(?::jsonb) as r(id uuid, at timestamptz, user_id uuid, job_id uuid, step_type text, event_type text, model text, engine text,
    provider text, tokens_in integer, tokens_out integer, duration_s double precision, images integer, image_size text, latency_ms integer,
    cost_micros bigint, billable boolean, failure text, dedup_key text)
), event as (
  insert into usage_events (id, created_at, updated_at, user_id, job_id, step_type, event_type, model, engine, provider, tokens_in, tokens_out, duration_s, images, image_size, latency_ms, cost_micros, billable, failure, dedup_key)
  select id, at, at, user_id, job_id, step_type, event_type, model, engine, provider, tokens_in, tokens_out, duration_s, images, image_size, latency_ms, cost_micros, billable, failure, dedup_key
  from incoming order by dedup_key
  ${EVENT_ONCE}
), debit as (
  ${DEBIT_EVENTS}
), daily as (
  insert into usage_daily (id, created_at, updated_at, user_id, day, model, provider, tokens_in, tokens_out, cost_micros, events)
  select gen_random_uuid(), now(), now(), user_id, (created_at at time zone 'UTC')::date, model, coalesce(provider, ''), sum(tokens_in), sum(tokens_out), sum(cost_micros), count(*)
  from event group by 4, 5, 6, 7 order by 4, 5, 6, 7
  ${DAILY_ADD}
)
select (select count(*) from step)::int as checkpointed, (select count(*) from event)::int as inserted,
  (select coalesce(sum(cost_micros), 0) from event)::bigint as added_micros,
  case when ?::uuid is null then null else (
    select coalesce(sum(cost_micros), 0) from usage_daily where user_id = ?::uuid and day between ?::date and ?::date
  ) + (select coalesce(sum(cost_micros), 0) from event) end::bigint as month_to_date_micros`;

/** What a checkpoint with usage wrote. */
export interface CheckpointedUsage {
  /** New events (a re-run's duplicates are not). */
  inserted: number;
  addedMicros: number;
  /** The user's cost this UTC month up to the events' day, when asked for. */
  monthToDateMicros: number | null;
}

const JOB_TOTALS_SQL = `select coalesce(sum(tokens_in), 0) as tokens_in, coalesce(sum(tokens_out), 0) as tokens_out, coalesce(sum(cost_micros), 0) as cost_micros,
  coalesce(sum(cost_micros) filter (where billable), 0) as billed_micros
from usage_events where job_id = ?`;

/** The usage_events table: the one writer (with its daily aggregate and ledger debit) and what a job cost. */
@Injectable()
export class UsageEventsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Inserts the event and adds it to its usage_daily row in one statement (one transaction): the
   * daily row changes only when the event row was actually inserted, so a duplicate dedup_key
   * changes neither; the same holds for its credit_ledger debit. Returns whether the event was new.
   */
  async insert(row: UsageEventRow): Promise<boolean> {
    const rows = await this.em.fork().execute<{ inserted: number }[]>(INSERT_SQL, [
      randomUUID(),
      row.at,
      row.at,
      row.userId,
      row.jobId,
      row.stepType,
      row.eventType,
      row.model,
      row.engine,
      row.provider,
      row.tokensIn,
      row.tokensOut,
      row.durationS,
      row.images,
      row.imageSize,
      Math.round(row.latencyMs),
      row.costMicros,
      row.billable,
      row.failure,
      row.dedupKey,
      randomUUID(),
    ]);
    return rows.length > 0;
  }

  /**
   * Writes a step's checkpoint and its usage events (all of one user) in one statement: both
   * commit, or neither does. `monthToDate` asks for the user's month-to-date cost after them.
   */
  async insertWithCheckpoint(rows: readonly UsageEventRow[], checkpoint: StepCheckpoint, monthToDate?: { userId: string; from: string; to: string }): Promise<CheckpointedUsage> {
    const incoming = rows.map((row) => ({
      id: randomUUID(),
      at: row.at.toISOString(),
      user_id: row.userId,
      job_id: row.jobId,
      step_type: row.stepType,
      event_type: row.eventType,
      model: row.model,
      engine: row.engine,
      provider: row.provider,
      tokens_in: row.tokensIn,
      tokens_out: row.tokensOut,
      duration_s: row.durationS,
      images: row.images,
      image_size: row.imageSize,
      latency_ms: Math.round(row.latencyMs),
      cost_micros: row.costMicros,
      billable: row.billable,
      failure: row.failure,
      dedup_key: row.dedupKey,
    }));
    const mtd = monthToDate ?? null;
    const [result] = await this.em
      .fork()
      .execute<{ checkpointed: number; inserted: number; added_micros: string | number; month_to_date_micros: string | number | null }[]>(
        CHECKPOINT_SQL(checkpoint.ctes),
        [...checkpoint.params, JSON.stringify(incoming), mtd?.userId ?? null, mtd?.userId ?? null, mtd?.from ?? null, mtd?.to ?? null],
      );
    return {
      inserted: Number(result?.inserted ?? 0),
      addedMicros: Number(result?.added_micros ?? 0),
      monthToDateMicros: result?.month_to_date_micros == null ? null : Number(result.month_to_date_micros),
    };
  }

  /**
   * Takes (row-locks, SKIP LOCKED) up to `limit` billable, costed events not reported yet whose user
   * has a Stripe customer and whose retry (after a failed send) is due, oldest first; `em` must be a
   * transaction held until they are marked.
   */
  takeUnreported(limit: number, em: EntityManager): Promise<UnreportedUsage[]> {
    return em.execute<UnreportedUsage[]>(
      `select e.id, e.cost_micros, e.created_at, a.stripe_customer_id, e.report_attempts
         from usage_events e
         join billing_accounts a on a.user_id = e.user_id and a.stripe_customer_id is not null
        where e.reported_at is null and e.billable and e.cost_micros > 0
          and (e.report_next_attempt_at is null or e.report_next_attempt_at <= now())
        order by e.created_at, e.id
        limit ${Math.trunc(limit)}
          for update of e skip locked`,
    );
  }

  async markReported(ids: readonly string[], em: EntityManager): Promise<void> {
    if (ids.length === 0) return;
    await em.execute(`update usage_events set reported_at = now(), report_next_attempt_at = null where id in (${ids.map(() => '?').join(', ')})`, [...ids]);
  }

  /**
   * Events whose send failed: counted, and not retried before their backoff (base × 2^(attempts − 1),
   * at most `max`) has passed. Returns the earliest next attempt, when any.
   */
  async markFailed(ids: readonly string[], schedule: RetrySchedule, em: EntityManager): Promise<Date | null> {
    if (ids.length === 0) return null;
    const rows = await em.execute<{ next: Date | string }[]>(
      `update usage_events set report_attempts = report_attempts + 1,
         report_next_attempt_at = now() + make_interval(secs => least(?::float8 * power(2, report_attempts), ?::float8) / 1000)
       where id in (${ids.map(() => '?').join(', ')}) returning report_next_attempt_at as next`,
      [schedule.baseMs, schedule.maxMs, ...ids],
    );
    return rows.reduce<Date | null>((earliest, row) => {
      const next = new Date(row.next);
      return earliest === null || next < earliest ? next : earliest;
    }, null);
  }

  /** The user's billed cost (billable events) since `from`: what a monthly cap is held against. */
  async billedSince(userId: string, from: Date): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<{ billed: string | number }[]>(
        'select coalesce(sum(cost_micros), 0) as billed from usage_events where user_id = ? and created_at >= ? and billable',
        [userId, from],
      );
    return Number(row?.billed ?? 0);
  }

  /** Tokens and cost of every event of a job (retries included: what was billed). */
  async totalsForJob(jobId: string): Promise<UsageTotals> {
    const [row] = await this.em
      .fork()
      .execute<{ tokens_in: string | number; tokens_out: string | number; cost_micros: string | number; billed_micros: string | number }[]>(JOB_TOTALS_SQL, [jobId]);
    return {
      tokensIn: Number(row?.tokens_in ?? 0),
      tokensOut: Number(row?.tokens_out ?? 0),
      costMicros: Number(row?.cost_micros ?? 0),
      billedMicros: Number(row?.billed_micros ?? 0),
    };
  }
}

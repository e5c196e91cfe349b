import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PriceTable } from './price-table.js';

export interface UsageRecord {
  userId: string;
  jobId?: string | null;
  stepType: string;
  eventType: 'llm' | 'transcribe' | 'image';
  model: string;
  engine: string;
  tokensIn?: number;
  tokensOut?: number;
  durationS?: number | null;
  /** Images generated (event_type image) and their size. */
  images?: number;
  imageSize?: string | null;
  latencyMs?: number;
  billable: boolean;
  failure?: string | null;
  /** Same key, same event: a retried write never doubles a row. */
  dedupKey?: string;
  /** When the call happened (default now); for backfills and tests. Its UTC day is its usage_daily day. */
  at?: Date;
}

/**
 * Event insert (ON CONFLICT (dedup_key) DO NOTHING) + daily upsert fed by its RETURNING + a credit
 * ledger debit (ref usage:<event id>) when the new event is billable and costs something: atomic, one round trip.
 */
const RECORD_SQL = `with event as (
  insert into usage_events (id, created_at, updated_at, user_id, job_id, step_type, event_type, model, engine, tokens_in, tokens_out, duration_s, images, image_size, latency_ms, cost_micros, billable, failure, dedup_key)
  values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  on conflict (dedup_key) do nothing
  returning id, user_id, created_at, model, tokens_in, tokens_out, cost_micros, billable
), debit as (
  insert into credit_ledger (id, created_at, updated_at, user_id, delta_micros, reason, ref)
  select gen_random_uuid(), now(), now(), user_id, -cost_micros, 'usage', 'usage:' || id from event where billable and cost_micros > 0
)
insert into usage_daily (id, created_at, updated_at, user_id, day, model, tokens_in, tokens_out, cost_micros, events)
select ?, now(), now(), user_id, (created_at at time zone 'UTC')::date, model, tokens_in, tokens_out, cost_micros, 1 from event
on conflict (user_id, day, model) do update set
  tokens_in = usage_daily.tokens_in + excluded.tokens_in,
  tokens_out = usage_daily.tokens_out + excluded.tokens_out,
  cost_micros = usage_daily.cost_micros + excluded.cost_micros,
  events = usage_daily.events + excluded.events,
  updated_at = excluded.updated_at
returning 1 as inserted`;

/** Writes exactly one usage_events row per metered call, priced from the price table. */
@Injectable()
export class UsageRecorder {
  constructor(
    private readonly em: EntityManager,
    private readonly prices: PriceTable,
  ) {}

  /**
   * Inserts the event and adds it to its usage_daily row in one statement (one transaction): the
   * daily row changes only when the event row was actually inserted, so a duplicate dedup_key
   * changes neither; the same holds for its credit_ledger debit. Returns whether the event was new.
   */
  async record(record: UsageRecord): Promise<boolean> {
    const at = record.at ?? new Date();
    const rows = await this.em.fork().execute<{ inserted: number }[]>(RECORD_SQL, [
      randomUUID(),
      at,
      at,
      record.userId,
      record.jobId ?? null,
      record.stepType,
      record.eventType,
      record.model,
      record.engine,
      record.tokensIn ?? 0,
      record.tokensOut ?? 0,
      record.durationS ?? null,
      record.images ?? 0,
      record.imageSize ?? null,
      Math.round(record.latencyMs ?? 0),
      this.prices.costMicros(record.model, record),
      record.billable,
      record.failure ?? null,
      record.dedupKey ?? randomUUID(),
      randomUUID(),
    ]);
    return rows.length > 0;
  }
}

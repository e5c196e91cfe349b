import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export const USAGE_GROUP_BY = ['day', 'model', 'step', 'provider'] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

export interface UsageSums {
  tokens_in: number;
  tokens_out: number;
  cost_micros: number;
  events: number;
}

export interface UsageGroup extends UsageSums {
  key: string;
}

const SUMS = `sum(tokens_in)::bigint as tokens_in, sum(tokens_out)::bigint as tokens_out, sum(cost_micros)::bigint as cost_micros`;

/** A (user, day, model, provider) whose usage_daily row differs from the GROUP BY over usage_events (null: no row there). */
export interface UsageDailyMismatch {
  user_id: string;
  day: string;
  model: string;
  /** '' for events no named provider served. */
  provider: string;
  expected: UsageSums | null;
  actual: UsageSums | null;
}

const EVENTS_BY_DAY = `select user_id, (created_at at time zone 'UTC')::date as day, model, coalesce(provider, '') as provider,
    sum(tokens_in)::bigint as tokens_in, sum(tokens_out)::bigint as tokens_out,
    sum(cost_micros)::bigint as cost_micros, count(*)::bigint as events
  from usage_events group by 1, 2, 3, 4`;

/** One statement (one snapshot): usage_daily against usage_events for every (user, day, model, provider) on either side. */
const RECONCILE_SQL = `with expected as (${EVENTS_BY_DAY}),
  joined as (
    select coalesce(e.user_id, d.user_id) as user_id, coalesce(e.day, d.day)::text as day, coalesce(e.model, d.model) as model,
      coalesce(e.provider, d.provider) as provider,
      case when e.user_id is null then null else json_build_object('tokens_in', e.tokens_in, 'tokens_out', e.tokens_out, 'cost_micros', e.cost_micros, 'events', e.events) end as expected,
      case when d.user_id is null then null else json_build_object('tokens_in', d.tokens_in, 'tokens_out', d.tokens_out, 'cost_micros', d.cost_micros, 'events', d.events) end as actual,
      e.user_id is null or d.user_id is null or e.tokens_in <> d.tokens_in or e.tokens_out <> d.tokens_out
        or e.cost_micros <> d.cost_micros or e.events <> d.events as mismatch
    from expected e full join usage_daily d on d.user_id = e.user_id and d.day = e.day and d.model = e.model and d.provider = e.provider
  )
  select count(*)::int as compared,
    coalesce(json_agg(json_build_object('user_id', user_id, 'day', day, 'model', model, 'provider', provider, 'expected', expected, 'actual', actual)
      order by user_id, day, model, provider) filter (where mismatch), '[]') as mismatches
  from joined`;

const MONTH_TO_DATE_SQL = `select coalesce(sum(cost_micros), 0)::bigint as cost_micros
  from usage_daily where user_id = ? and day between date_trunc('month', (? at time zone 'UTC'))::date and (? at time zone 'UTC')::date`;

const MONTH_SQL = `select coalesce(sum(cost_micros), 0)::bigint as cost_micros, coalesce(sum(events), 0)::bigint as events
  from usage_daily where user_id = ? and day between ?::date and ?::date`;

/** What usage adds up to: a user's totals and groups, a period's cost, and usage_daily checked against usage_events. */
@Injectable()
export class UsageReportRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The caller's usage between two UTC days (both included), grouped by day or model (from
   * usage_daily, one small row per user, day and model) or by step or provider (from usage_daily_keys).
   */
  async summary(
    userId: string,
    range: { from: string; to: string },
    groupBy: UsageGroupBy,
  ): Promise<{ totals: UsageSums; groups: UsageGroup[] }> {
    // By step or provider: from usage_daily_keys, kept by a trigger on usage_events (a provider is the
    // named one that served the call, else the engine).
    const sql =
      groupBy === 'step' || groupBy === 'provider'
        ? `select key, ${SUMS}, sum(events)::bigint as events from usage_daily_keys
           where user_id = ? and dimension = ? and day between ?::date and ?::date
           group by 1 order by 1`
        : `select ${groupBy === 'day' ? 'day::text' : 'model'} as key, ${SUMS}, sum(events)::bigint as events from usage_daily
           where user_id = ? and day between ?::date and ?::date
           group by 1 order by 1`;
    const params = groupBy === 'step' || groupBy === 'provider' ? [userId, groupBy, range.from, range.to] : [userId, range.from, range.to];
    const rows = await this.em.fork().execute<Record<keyof UsageGroup, string>[]>(sql, params);
    const groups = rows.map((row) => ({
      key: row.key,
      tokens_in: Number(row.tokens_in),
      tokens_out: Number(row.tokens_out),
      cost_micros: Number(row.cost_micros),
      events: Number(row.events),
    }));
    const totals: UsageSums = { tokens_in: 0, tokens_out: 0, cost_micros: 0, events: 0 };
    for (const group of groups) {
      totals.tokens_in += group.tokens_in;
      totals.tokens_out += group.tokens_out;
      totals.cost_micros += group.cost_micros;
      totals.events += group.events;
    }
    return { totals, groups };
  }

  /** A user's cost and event count between two UTC days (both included), from usage_daily. */
  async periodCost(userId: string, range: { from: string; to: string }): Promise<{ costMicros: number; events: number }> {
    const [row] = await this.em.fork().execute<{ cost_micros: string; events: string }[]>(MONTH_SQL, [userId, range.from, range.to]);
    return { costMicros: Number(row?.cost_micros ?? 0), events: Number(row?.events ?? 0) };
  }

  /** Compares usage_daily with a GROUP BY over usage_events; `compared` counts every (user, day, model, provider). */
  /** What the user's usage cost this UTC month up to `at` (the day of `at` included), in micro-USD. */
  async monthToDateCost(userId: string, at: Date): Promise<number> {
    const [row] = await this.em.fork().execute<{ cost_micros: string | number }[]>(MONTH_TO_DATE_SQL, [userId, at, at]);
    return Number(row?.cost_micros ?? 0);
  }

  async findDailyMismatches(): Promise<{ compared: number; mismatches: UsageDailyMismatch[] }> {
    const [row] = await this.em.fork().execute<{ compared: number; mismatches: UsageDailyMismatch[] }[]>(RECONCILE_SQL);
    return { compared: row?.compared ?? 0, mismatches: row?.mismatches ?? [] };
  }

  /**
   * Rebuilds the given (user, day, model, provider) rows of usage_daily from usage_events, in one transaction
   * that holds writers off usage_daily (UsageEventsRepository writes both tables in one statement, so no
   * event can be added to a rebuilt row half way). A row with no events left is deleted.
   */
  async rebuildDaily(keys: Pick<UsageDailyMismatch, 'user_id' | 'day' | 'model' | 'provider'>[]): Promise<void> {
    if (keys.length === 0) return;
    await this.em.fork().transactional(async (tx) => {
      await tx.execute('lock table usage_daily in share row exclusive mode');
      const json = JSON.stringify(keys);
      const wanted = `select (k->>'user_id')::uuid as user_id, (k->>'day')::date as day, k->>'model' as model, coalesce(k->>'provider', '') as provider from jsonb_array_elements(?::jsonb) k`;
      const same = 'w.user_id = x.user_id and w.day = x.day and w.model = x.model and w.provider = x.provider';
      await tx.execute(`delete from usage_daily x using (${wanted}) w where ${same}`, [json]);
      await tx.execute(
        `insert into usage_daily (id, created_at, updated_at, user_id, day, model, provider, tokens_in, tokens_out, cost_micros, events)
         select gen_random_uuid(), now(), now(), x.user_id, x.day, x.model, x.provider, x.tokens_in, x.tokens_out, x.cost_micros, x.events
         from (${EVENTS_BY_DAY}) x join (${wanted}) w on ${same}`,
        [json],
      );
    });
  }
}

import { Migration } from '@mikro-orm/migrations';

/**
 * usage_daily_keys: per user, UTC day and key of a dimension (`step`: the step type, `provider`:
 * the provider that served the call, else the engine), the sums of usage_events, so that
 * GET /usage?group_by=step|provider reads a few rows per day instead of the month's events.
 * A trigger on usage_events keeps it in the same transaction as each insert, whichever code
 * writes the events (one statement per event, or a bulk insert); rows are visited in one order so
 * concurrent inserts never deadlock.
 */
export class Migration20261203120000_usage_daily_keys extends Migration {

  override name = 'Migration20261203120000_usage_daily_keys';

  override up(): void | Promise<void> {
    this.addSql(`create table "usage_daily_keys" ("user_id" uuid not null, "day" date not null, "dimension" text check ("dimension" in ('step', 'provider')) not null, "key" text not null, "tokens_in" bigint not null default 0, "tokens_out" bigint not null default 0, "cost_micros" bigint not null default 0, "events" bigint not null default 0, primary key ("user_id", "day", "dimension", "key"));`);
    this.addSql(`alter table "usage_daily_keys" add constraint "usage_daily_keys_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`
      create function usage_daily_keys_add() returns trigger language plpgsql as $$
      begin
        insert into usage_daily_keys (user_id, day, dimension, key, tokens_in, tokens_out, cost_micros, events)
        select user_id, day, dimension, key, sum(tokens_in), sum(tokens_out), sum(cost_micros), count(*)
        from (
          select user_id, (created_at at time zone 'UTC')::date as day, 'step' as dimension, step_type as key, tokens_in, tokens_out, cost_micros from inserted
          union all
          select user_id, (created_at at time zone 'UTC')::date, 'provider', coalesce(provider, engine), tokens_in, tokens_out, cost_micros from inserted
        ) added
        group by user_id, day, dimension, key
        order by user_id, day, dimension, key
        on conflict (user_id, day, dimension, key) do update set
          tokens_in = usage_daily_keys.tokens_in + excluded.tokens_in,
          tokens_out = usage_daily_keys.tokens_out + excluded.tokens_out,
          cost_micros = usage_daily_keys.cost_micros + excluded.cost_micros,
          events = usage_daily_keys.events + excluded.events;
        return null;
      end $$;`);
    this.addSql(`create trigger usage_events_daily_keys after insert on usage_events referencing new table as inserted for each statement execute function usage_daily_keys_add();`);
    // The events already recorded.
    this.addSql(`
      insert into usage_daily_keys (user_id, day, dimension, key, tokens_in, tokens_out, cost_micros, events)
      select user_id, day, dimension, key, sum(tokens_in), sum(tokens_out), sum(cost_micros), count(*)
      from (
        select user_id, (created_at at time zone 'UTC')::date as day, 'step' as dimension, step_type as key, tokens_in, tokens_out, cost_micros from usage_events
        union all
        select user_id, (created_at at time zone 'UTC')::date, 'provider', coalesce(provider, engine), tokens_in, tokens_out, cost_micros from usage_events
      ) existing
      group by user_id, day, dimension, key;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists usage_events_daily_keys on usage_events;`);
    this.addSql(`drop function if exists usage_daily_keys_add();`);
    this.addSql(`drop table if exists "usage_daily_keys" cascade;`);
  }

}

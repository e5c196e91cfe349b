import { Migration } from '@mikro-orm/migrations';

export class Migration20261125130000_usage_daily extends Migration {

  override name = 'Migration20261125130000_usage_daily';

  override up(): void | Promise<void> {
    this.addSql(`create table "usage_daily" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "day" date not null, "model" text not null, "tokens_in" bigint not null default '0', "tokens_out" bigint not null default '0', "cost_micros" bigint not null default '0', "events" int not null default 0, primary key ("id"));`);
    this.addSql(`alter table "usage_daily" add constraint "usage_daily_user_id_day_model_unique" unique ("user_id", "day", "model");`);

    this.addSql(`alter table "usage_daily" add constraint "usage_daily_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    // Backfill from the events already recorded (day = created_at in UTC).
    this.addSql(`insert into "usage_daily" ("id", "created_at", "updated_at", "user_id", "day", "model", "tokens_in", "tokens_out", "cost_micros", "events") select gen_random_uuid(), now(), now(), "user_id", ("created_at" at time zone 'UTC')::date, "model", sum("tokens_in"), sum("tokens_out"), sum("cost_micros"), count(*) from "usage_events" group by 4, 5, 6;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "usage_daily" cascade;`);
  }

}

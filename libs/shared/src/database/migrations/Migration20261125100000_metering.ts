import { Migration } from '@mikro-orm/migrations';

export class Migration20261125100000_metering extends Migration {

  override name = 'Migration20261125100000_metering';

  override up(): void | Promise<void> {
    this.addSql(`create table "usage_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "job_id" uuid null, "step_type" text not null, "event_type" text not null, "model" text not null, "engine" text not null, "tokens_in" int not null default 0, "tokens_out" int not null default 0, "duration_s" double precision null, "latency_ms" int not null default 0, "cost_micros" bigint not null default '0', "billable" boolean not null default false, "failure" text null, "dedup_key" text not null, "reported_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "usage_events" add constraint "usage_events_dedup_key_unique" unique ("dedup_key");`);
    this.addSql(`create index "usage_events_job_id_index" on "usage_events" ("job_id");`);
    this.addSql(`create index "usage_events_user_id_created_at_index" on "usage_events" ("user_id", "created_at");`);

    this.addSql(`create table "step_invocations" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "idempotency_key" text not null, "request_hash" text not null, "state" text not null default 'in_flight', "status_code" int null, "response_body" jsonb null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "step_invocations_expires_at_index" on "step_invocations" ("expires_at");`);
    this.addSql(`create index "step_invocations_user_id_request_hash_index" on "step_invocations" ("user_id", "request_hash");`);
    this.addSql(`alter table "step_invocations" add constraint "step_invocations_user_id_idempotency_key_unique" unique ("user_id", "idempotency_key");`);

    this.addSql(`alter table "usage_events" add constraint "usage_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "step_invocations" add constraint "step_invocations_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "usage_events" cascade;`);
    this.addSql(`drop table if exists "step_invocations" cascade;`);
  }

}

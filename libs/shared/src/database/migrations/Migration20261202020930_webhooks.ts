import { Migration } from '@mikro-orm/migrations';

export class Migration20261202020930_webhooks extends Migration {

  override name = 'Migration20261202020930_webhooks';

  override up(): void | Promise<void> {
    this.addSql(`create table "webhook_endpoints" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "url" text not null, "description" text null, "events" text[] not null, "encrypted_secret" text not null, "enabled" boolean not null default true, "disabled_at" timestamptz null, "disabled_reason" text null, "consecutive_failures" int not null default 0, "last_success_at" timestamptz null, "last_failure_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_endpoints_user_id_created_at_id_index" on "webhook_endpoints" ("user_id", "created_at", "id");`);

    this.addSql(`create table "webhook_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "type" text not null, "data" jsonb not null, "dedup_key" text not null, primary key ("id"));`);
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_dedup_key_unique" unique ("dedup_key");`);
    this.addSql(`create index "webhook_events_user_id_created_at_index" on "webhook_events" ("user_id", "created_at");`);

    this.addSql(`create table "webhook_deliveries" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "endpoint_id" uuid not null, "event_id" uuid not null, "event_type" text not null, "status" text not null default 'pending', "attempts" int not null default 0, "round" int not null default 1, "last_response_code" int null, "last_error" text null, "last_attempt_at" timestamptz null, "next_attempt_at" timestamptz null, "delivered_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "webhook_deliveries_status_next_attempt_at_index" on "webhook_deliveries" ("status", "next_attempt_at");`);
    this.addSql(`create index "webhook_deliveries_endpoint_id_created_at_id_index" on "webhook_deliveries" ("endpoint_id", "created_at", "id");`);
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_endpoint_id_event_id_unique" unique ("endpoint_id", "event_id");`);

    this.addSql(`alter table "webhook_endpoints" add constraint "webhook_endpoints_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "webhook_events" add constraint "webhook_events_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoints" ("id") on delete cascade;`);
    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_event_id_foreign" foreign key ("event_id") references "webhook_events" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "webhook_deliveries" drop constraint "webhook_deliveries_endpoint_id_foreign";`);
    this.addSql(`alter table "webhook_deliveries" drop constraint "webhook_deliveries_event_id_foreign";`);

    this.addSql(`drop table if exists "webhook_endpoints" cascade;`);
    this.addSql(`drop table if exists "webhook_events" cascade;`);
    this.addSql(`drop table if exists "webhook_deliveries" cascade;`);
  }

}

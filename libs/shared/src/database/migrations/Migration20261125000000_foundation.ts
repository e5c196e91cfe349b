import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000000Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "jobs" (
        "id" uuid not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "user_id" uuid not null,
        "type" text not null,
        "status" text check ("status" in ('queued', 'running', 'succeeded', 'failed', 'canceled')) not null default 'queued',
        "input" jsonb not null,
        "output" jsonb null,
        "error" jsonb null,
        "attempts" int not null default 0,
        "max_attempts" int not null,
        "document_id" uuid null,
        "cancel_requested_at" timestamptz null,
        "started_at" timestamptz null,
        "finished_at" timestamptz null,
        constraint "jobs_pkey" primary key ("id")
      );`);
    this.addSql(`create index "jobs_user_id_created_at_id_index" on "jobs" ("user_id", "created_at", "id");`);
    this.addSql(`create index "jobs_status_index" on "jobs" ("status");`);
    this.addSql(`
      create table "job_steps" (
        "id" uuid not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "job_id" uuid not null,
        "name" text not null,
        "status" text check ("status" in ('running', 'succeeded', 'failed')) not null default 'running',
        "output" jsonb null,
        "error" jsonb null,
        "attempts" int not null default 1,
        "started_at" timestamptz not null,
        "finished_at" timestamptz null,
        constraint "job_steps_pkey" primary key ("id")
      );`);
    this.addSql(`alter table "job_steps" add constraint "job_steps_job_id_name_unique" unique ("job_id", "name");`);
    this.addSql(`alter table "job_steps" add constraint "job_steps_job_id_foreign" foreign key ("job_id") references "jobs" ("id") on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_steps" cascade;`);
    this.addSql(`drop table if exists "jobs" cascade;`);
  }
}

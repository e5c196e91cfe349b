import { Migration } from '@mikro-orm/migrations';

export class Migration20261125095251_documents extends Migration {

  override name = 'Migration20261125095251_documents';

  override up(): void | Promise<void> {
    this.addSql(`create table "documents" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "source_type" text not null, "source_ref" text null, "title" text not null, "raw_text" text not null, "lang" text null, "duration_s" double precision null, "media_refs" jsonb not null, "transcription_status" text not null default 'not_needed', "version" int not null default 1, "metadata" jsonb not null, primary key ("id"));`);
    this.addSql(`create index "documents_user_id_source_type_index" on "documents" ("user_id", "source_type");`);
    this.addSql(`create index "documents_user_id_created_at_id_index" on "documents" ("user_id", "created_at", "id");`);

    this.addSql(`create table "media" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "document_id" uuid null, "storage_key" text not null, "mime" text not null, "bytes" bigint not null, "width" int null, "height" int null, "variants" jsonb not null, "original_name" text null, "alt_text" text null, primary key ("id"));`);
    this.addSql(`create index "media_user_id_created_at_index" on "media" ("user_id", "created_at");`);

    this.addSql(`alter table "documents" add constraint "documents_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "documents" add constraint "documents_source_type_check" check ("source_type" in ('text', 'upload', 'youtube', 'drive'));`);
    this.addSql(`alter table "documents" add constraint "documents_transcription_status_check" check ("transcription_status" in ('not_needed', 'done', 'unavailable', 'failed'));`);

    this.addSql(`alter table "media" add constraint "media_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "media" add constraint "media_document_id_foreign" foreign key ("document_id") references "documents" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "media" drop constraint "media_document_id_foreign";`);

    this.addSql(`drop table if exists "documents" cascade;`);
    this.addSql(`drop table if exists "media" cascade;`);
  }

}

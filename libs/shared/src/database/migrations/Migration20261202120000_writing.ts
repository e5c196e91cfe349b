import { Migration } from '@mikro-orm/migrations';

export class Migration20261202120000_writing extends Migration {

  override name = 'Migration20261202120000_writing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "posts" add column "language" text null, add column "introduction" text not null default '', add column "conclusion" text not null default '', add column "citations" jsonb null;`);

    this.addSql(`create table "brand_voices" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "name" text not null, "description" text not null default '', "do_list" text[] not null, "dont_list" text[] not null, "sample_text" text null, primary key ("id"));`);
    this.addSql(`create index "brand_voices_user_id_created_at_id_index" on "brand_voices" ("user_id", "created_at", "id");`);
    this.addSql(`alter table "brand_voices" add constraint "brand_voices_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "brand_voices" cascade;`);
    this.addSql(`alter table "posts" drop column "language", drop column "introduction", drop column "conclusion", drop column "citations";`);
  }

}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261125120000_posts extends Migration {

  override name = 'Migration20261125120000_posts';

  override up(): void | Promise<void> {
    this.addSql(`create table "posts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "document_id" uuid null, "job_id" uuid null, "title" text not null, "slug" text not null, "description" text not null, "keywords" text[] not null, "markdown" text not null, "html" text not null, "chapters" jsonb not null, "images" jsonb not null, "meta" jsonb not null, "version" int not null default 1, primary key ("id"));`);
    this.addSql(`create index "posts_job_id_index" on "posts" ("job_id");`);
    this.addSql(`create index "posts_user_id_created_at_id_index" on "posts" ("user_id", "created_at", "id");`);
    this.addSql(`alter table "posts" add constraint "posts_user_id_slug_unique" unique ("user_id", "slug");`);

    this.addSql(`create table "post_versions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "post_id" uuid not null, "version" int not null, "title" text not null, "description" text not null, "keywords" text[] not null, "markdown" text not null, "html" text not null, primary key ("id"));`);
    this.addSql(`alter table "post_versions" add constraint "post_versions_post_id_version_unique" unique ("post_id", "version");`);

    this.addSql(`alter table "posts" add constraint "posts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "posts" add constraint "posts_document_id_foreign" foreign key ("document_id") references "documents" ("id") on delete set null;`);

    this.addSql(`alter table "post_versions" add constraint "post_versions_post_id_foreign" foreign key ("post_id") references "posts" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "post_versions" drop constraint "post_versions_post_id_foreign";`);

    this.addSql(`drop table if exists "posts" cascade;`);
    this.addSql(`drop table if exists "post_versions" cascade;`);
  }

}

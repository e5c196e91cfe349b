import { Migration } from '@mikro-orm/migrations';

export class Migration20261202210000_publishing extends Migration {

  override name = 'Migration20261202210000_publishing';

  override up(): void | Promise<void> {
    this.addSql(`create table "publish_targets" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "kind" text not null, "name" text not null, "base_url" text not null, "encrypted_credentials" text not null, "credential_hint" text not null, primary key ("id"));`);
    this.addSql(`create index "publish_targets_user_id_created_at_id_index" on "publish_targets" ("user_id", "created_at", "id");`);

    this.addSql(`create table "post_publications" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "post_id" uuid not null, "target_id" uuid not null, "remote_id" text not null, "remote_url" text null, "remote_status" text not null, "post_version" int not null, "remote_images" jsonb not null, "job_id" uuid null, "published_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "post_publications" add constraint "post_publications_post_id_target_id_unique" unique ("post_id", "target_id");`);

    this.addSql(`alter table "publish_targets" add constraint "publish_targets_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "post_publications" add constraint "post_publications_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "post_publications" add constraint "post_publications_post_id_foreign" foreign key ("post_id") references "posts" ("id") on delete cascade;`);
    this.addSql(`alter table "post_publications" add constraint "post_publications_target_id_foreign" foreign key ("target_id") references "publish_targets" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "post_publications" drop constraint "post_publications_target_id_foreign";`);

    this.addSql(`drop table if exists "publish_targets" cascade;`);
    this.addSql(`drop table if exists "post_publications" cascade;`);
  }

}

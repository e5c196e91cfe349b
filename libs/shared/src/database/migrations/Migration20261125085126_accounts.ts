import { Migration } from '@mikro-orm/migrations';

export class Migration20261125085126_accounts extends Migration {

  override name = 'Migration20261125085126_accounts';

  override up(): void | Promise<void> {
    this.addSql(`create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "github_id" bigint null, "login" text not null, "email" text null, "name" text null, "avatar_url" text null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_github_id_unique" unique ("github_id");`);
    this.addSql(`alter table "users" add constraint "users_login_unique" unique ("login");`);

    this.addSql(`create table "api_keys" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "name" text not null, "prefix" text not null, "secret_hash" text not null, "scopes" text[] not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "api_keys" add constraint "api_keys_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_keys_user_id_created_at_index" on "api_keys" ("user_id", "created_at");`);

    this.addSql(`alter table "jobs" add constraint "jobs_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "api_keys" add constraint "api_keys_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "jobs" drop constraint "jobs_user_id_foreign";`);
    this.addSql(`alter table "api_keys" drop constraint "api_keys_user_id_foreign";`);

    this.addSql(`drop table if exists "users" cascade;`);
    this.addSql(`drop table if exists "api_keys" cascade;`);
  }

}

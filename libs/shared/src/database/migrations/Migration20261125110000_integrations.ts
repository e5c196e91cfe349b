import { Migration } from '@mikro-orm/migrations';

export class Migration20261125110000_integrations extends Migration {

  override name = 'Migration20261125110000_integrations';

  override up(): void | Promise<void> {
    this.addSql(`create table "integrations" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "provider" text not null, "encrypted_refresh_token" text not null, "encrypted_access_token" text null, "access_token_expires_at" timestamptz null, "scopes" text[] not null, "account_email" text null, primary key ("id"));`);
    this.addSql(`alter table "integrations" add constraint "integrations_user_id_provider_unique" unique ("user_id", "provider");`);

    this.addSql(`alter table "integrations" add constraint "integrations_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "integrations" drop constraint "integrations_user_id_foreign";`);

    this.addSql(`drop table if exists "integrations" cascade;`);
  }

}

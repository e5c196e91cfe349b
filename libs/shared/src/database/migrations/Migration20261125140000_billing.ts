import { Migration } from '@mikro-orm/migrations';

export class Migration20261125140000_billing extends Migration {

  override name = 'Migration20261125140000_billing';

  override up(): void | Promise<void> {
    this.addSql(`create table "billing_accounts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "stripe_customer_id" text null, "subscription_id" text null, "plan" text not null default 'free', "status" text not null default 'none', "current_period_end" timestamptz null, "subscription_updated_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_stripe_customer_id_unique" unique ("stripe_customer_id");`);
    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_user_id_unique" unique ("user_id");`);

    this.addSql(`create table "credit_ledger" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "delta_micros" bigint not null, "reason" text not null, "ref" text not null, primary key ("id"));`);
    this.addSql(`alter table "credit_ledger" add constraint "credit_ledger_ref_unique" unique ("ref");`);
    this.addSql(`create index "credit_ledger_user_id_index" on "credit_ledger" ("user_id");`);

    this.addSql(`create table "stripe_events" ("id" text not null, "type" text not null, "processed_at" timestamptz not null, primary key ("id"));`);

    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "credit_ledger" add constraint "credit_ledger_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "stripe_events" cascade;`);
    this.addSql(`drop table if exists "credit_ledger" cascade;`);
    this.addSql(`drop table if exists "billing_accounts" cascade;`);
  }

}

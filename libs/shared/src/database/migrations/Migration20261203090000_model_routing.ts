import { Migration } from '@mikro-orm/migrations';

export class Migration20261203090000_model_routing extends Migration {

  override name = 'Migration20261203090000_model_routing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage_events" add column "provider" text null;`);
    this.addSql(`alter table "users" add column "model_routes" jsonb null;`);
    // The daily rollup is kept per provider too ('' for events no named provider served).
    this.addSql(`alter table "usage_daily" add column "provider" text not null default '';`);
    this.addSql(`alter table "usage_daily" drop constraint "usage_daily_user_id_day_model_unique";`);
    this.addSql(`alter table "usage_daily" add constraint "usage_daily_user_id_day_model_provider_unique" unique ("user_id", "day", "model", "provider");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage_daily" drop constraint "usage_daily_user_id_day_model_provider_unique";`);
    this.addSql(`delete from "usage_daily" where "provider" <> '';`);
    this.addSql(`alter table "usage_daily" drop column "provider";`);
    this.addSql(`alter table "usage_daily" add constraint "usage_daily_user_id_day_model_unique" unique ("user_id", "day", "model");`);
    this.addSql(`alter table "users" drop column "model_routes";`);
    this.addSql(`alter table "usage_events" drop column "provider";`);
  }

}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261203090000_model_routing extends Migration {

  override name = 'Migration20261203090000_model_routing';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage_events" add column "provider" text null;`);
    this.addSql(`alter table "users" add column "model_routes" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" drop column "model_routes";`);
    this.addSql(`alter table "usage_events" drop column "provider";`);
  }

}

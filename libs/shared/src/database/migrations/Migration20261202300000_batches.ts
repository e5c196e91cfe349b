import { Migration } from '@mikro-orm/migrations';

export class Migration20261202300000_batches extends Migration {

  override name = 'Migration20261202300000_batches';

  override up(): void | Promise<void> {
    this.addSql(`alter table "jobs" add column "batch_id" uuid null;`);
    this.addSql(`alter table "jobs" add constraint "jobs_batch_id_foreign" foreign key ("batch_id") references "jobs" ("id") on delete set null;`);
    this.addSql(`create index "jobs_batch_id_index" on "jobs" ("batch_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "jobs_batch_id_index";`);
    this.addSql(`alter table "jobs" drop constraint if exists "jobs_batch_id_foreign";`);
    this.addSql(`alter table "jobs" drop column "batch_id";`);
  }

}

import { Migration } from '@mikro-orm/migrations';

export class Migration20261202200000_idempotency_lease extends Migration {

  override name = 'Migration20261202200000_idempotency_lease';

  override up(): void | Promise<void> {
    this.addSql(`alter table "step_invocations" add column "lease_expires_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "step_invocations" drop column "lease_expires_at";`);
  }

}

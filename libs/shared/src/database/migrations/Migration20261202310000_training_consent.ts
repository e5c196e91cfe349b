import { Migration } from '@mikro-orm/migrations';

export class Migration20261202310000_training_consent extends Migration {

  override name = 'Migration20261202310000_training_consent';

  override up(): void | Promise<void> {
    this.addSql(`alter table "users" add column "training_consent_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "users" drop column "training_consent_at";`);
  }

}

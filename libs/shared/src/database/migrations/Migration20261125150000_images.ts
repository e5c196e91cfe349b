import { Migration } from '@mikro-orm/migrations';

export class Migration20261125150000_images extends Migration {

  override name = 'Migration20261125150000_images';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage_events" add column "images" int not null default 0, add column "image_size" text null;`);
    this.addSql(`alter table "media" add column "generation_key" text null;`);
    this.addSql(`alter table "media" add constraint "media_generation_key_unique" unique ("generation_key");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "media" drop constraint "media_generation_key_unique";`);
    this.addSql(`alter table "media" drop column "generation_key";`);
    this.addSql(`alter table "usage_events" drop column "images", drop column "image_size";`);
  }

}

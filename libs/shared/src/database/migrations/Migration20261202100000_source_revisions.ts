import { Migration } from '@mikro-orm/migrations';

/**
 * The revision of an imported source on documents and media, unique per user and source, so an
 * unchanged Drive file (image or document) is skipped and two concurrent imports of one folder
 * cannot both write it. Drive documents imported before take their stored modifiedTime as their
 * revision (only the newest per file, so earlier duplicates do not break the constraint).
 */
export class Migration20261202100000_source_revisions extends Migration {

  override name = 'Migration20261202100000_source_revisions';

  override up(): void | Promise<void> {
    this.addSql(`alter table "documents" add column "source_revision" text null;`);
    this.addSql(`alter table "media" add column "source_type" text null, add column "source_ref" text null, add column "source_revision" text null;`);
    this.addSql(`update "documents" as "d" set "source_revision" = 'modified:' || ("d"."metadata"->>'modified_time')
      from (select distinct on ("user_id", "source_ref") "id" from "documents" where "source_type" = 'drive' and "source_ref" is not null
            order by "user_id", "source_ref", "created_at" desc, "id" desc) as "latest"
      where "d"."id" = "latest"."id" and "d"."metadata"->>'modified_time' is not null;`);
    this.addSql(`alter table "documents" add constraint "documents_user_id_source_type_source_ref_source_revision_unique" unique ("user_id", "source_type", "source_ref", "source_revision");`);
    this.addSql(`alter table "media" add constraint "media_user_id_source_type_source_ref_source_revision_unique" unique ("user_id", "source_type", "source_ref", "source_revision");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "media" drop constraint "media_user_id_source_type_source_ref_source_revision_unique";`);
    this.addSql(`alter table "documents" drop constraint "documents_user_id_source_type_source_ref_source_revision_unique";`);
    this.addSql(`alter table "media" drop column "source_type", drop column "source_ref", drop column "source_revision";`);
    this.addSql(`alter table "documents" drop column "source_revision";`);
  }

}

import { Migration } from '@mikro-orm/migrations';

/** One post per generate_blog job: two runs of a persist step (a worker that lost its lock) cannot write two. */
export class Migration20261203130000_one_post_per_job extends Migration {

  override name = 'Migration20261203130000_one_post_per_job';

  override up(): void | Promise<void> {
    this.addSql(`drop index "posts_job_id_index";`);
    this.addSql(`alter table "posts" add constraint "posts_job_id_unique" unique ("job_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "posts" drop constraint "posts_job_id_unique";`);
    this.addSql(`create index "posts_job_id_index" on "posts" ("job_id");`);
  }

}

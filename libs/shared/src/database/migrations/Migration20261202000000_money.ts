import { Migration } from '@mikro-orm/migrations';

/** Spending caps (a job's max_cost, a user's monthly cap) and the meter-event outbox's retry schedule. */
export class Migration20261202000000_money extends Migration {

  override name = 'Migration20261202000000_money';

  override up(): void | Promise<void> {
    this.addSql(`alter table "jobs" add column "max_cost_micros" bigint null;`);
    this.addSql(`alter table "billing_accounts" add column "monthly_cap_micros" bigint null;`);
    this.addSql(`alter table "usage_events" add column "report_attempts" int not null default 0, add column "report_next_attempt_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage_events" drop column "report_attempts", drop column "report_next_attempt_at";`);
    this.addSql(`alter table "billing_accounts" drop column "monthly_cap_micros";`);
    this.addSql(`alter table "jobs" drop column "max_cost_micros";`);
  }

}

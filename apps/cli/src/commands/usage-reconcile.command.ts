import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule, SharedConfigModule } from '@app/shared';
import { UsageReportRepository, type UsageSums } from '@app/billing';

@Module({ imports: [SharedConfigModule, DatabaseModule], providers: [UsageReportRepository] })
class ReconcileModule {}

const describe = (sums: UsageSums | null): string =>
  sums ? `tokens_in=${sums.tokens_in} tokens_out=${sums.tokens_out} cost_micros=${sums.cost_micros} events=${sums.events}` : 'no row';

/**
 * Checks that usage_daily equals a GROUP BY over usage_events for every (user, day, model); prints
 * each mismatch and fails (exit 1) when there is one. `--fix` rebuilds those rows from the events.
 */
export async function usageReconcile(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => arg !== '--fix');
  if (unknown.length > 0) throw new Error(`usage: npm run cli -- usage:reconcile [--fix]  (unknown: ${unknown.join(' ')})`);
  const fix = args.includes('--fix');
  const app = await NestFactory.createApplicationContext(ReconcileModule, { logger: ['error', 'warn'], abortOnError: false });
  try {
    const reports = app.get(UsageReportRepository);
    const { compared, mismatches } = await reports.findDailyMismatches();
    if (mismatches.length === 0) {
      process.stdout.write(`usage_daily matches usage_events (${compared} rows)\n`);
      return;
    }
    for (const row of mismatches) {
      process.stdout.write(`mismatch user=${row.user_id} day=${row.day} model=${row.model}${row.provider ? ` provider=${row.provider}` : ''}: usage_daily ${describe(row.actual)}; usage_events ${describe(row.expected)}\n`);
    }
    if (!fix) throw new Error(`${mismatches.length} of ${compared} usage_daily rows differ from usage_events; run with --fix to rebuild them`);
    await reports.rebuildDaily(mismatches);
    const after = await reports.findDailyMismatches();
    if (after.mismatches.length > 0) throw new Error(`${after.mismatches.length} rows still differ after the rebuild (usage written meanwhile?); run again`);
    process.stdout.write(`rebuilt ${mismatches.length} usage_daily row(s); usage_daily matches usage_events (${after.compared} rows)\n`);
  } finally {
    await app.close();
  }
}

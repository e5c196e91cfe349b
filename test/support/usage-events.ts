import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { PriceTable, UsageEventsRepository, type UsageEventRow } from '@app/billing';

/** A usage event to seed, priced like the meter prices it; any field the test leaves out gets a neutral value. */
export type SeedUsageEvent = Pick<UsageEventRow, 'userId' | 'stepType' | 'model' | 'engine' | 'billable'> & Partial<UsageEventRow>;

/**
 * Writes usage events straight through the repository at a chosen time and key (backfills for the
 * usage and billing tests), priced from the app's price table as UsageMeter prices live ones.
 */
export function usageSeeder(app: INestApplicationContext): (event: SeedUsageEvent) => Promise<boolean> {
  const prices = app.get(PriceTable, { strict: false });
  const events = app.get(UsageEventsRepository, { strict: false });
  return (event) => {
    const row: UsageEventRow = {
      jobId: null,
      eventType: 'llm',
      tokensIn: 0,
      tokensOut: 0,
      durationS: null,
      images: 0,
      imageSize: null,
      latencyMs: 0,
      failure: null,
      dedupKey: `seed:${randomUUID()}`,
      at: new Date(),
      costMicros: 0,
      ...event,
    };
    row.costMicros = prices.costMicros(row.model, row);
    return events.insert(row);
  };
}

import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { PriceTable, pricedUsageEvent, UsageEventsRepository, type UsageEventRow } from '@app/billing';

/** A usage event to seed; any field the test leaves out gets the meter's neutral default. */
export type SeedUsageEvent = Pick<UsageEventRow, 'userId' | 'stepType' | 'model' | 'engine' | 'billable'> & Partial<UsageEventRow>;

/**
 * Writes usage events straight through the repository at a chosen time and key (backfills for the
 * usage and billing tests), built and priced the way UsageMeter builds live ones.
 */
export function usageSeeder(app: INestApplicationContext): (event: SeedUsageEvent) => Promise<boolean> {
  const prices = app.get(PriceTable, { strict: false });
  const events = app.get(UsageEventsRepository, { strict: false });
  return (event) => events.insert(pricedUsageEvent({ eventType: 'llm', dedupKey: `seed:${randomUUID()}`, ...event }, prices));
}

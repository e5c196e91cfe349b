import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { billingConfig } from '../billing.config.js';
import { StripeGateway } from '../stripe/stripe.gateway.js';
import { UsageEventsRepository } from '../usage/usage-events.repository.js';

/** Events taken (and row-locked) per batch. */
export const METER_BATCH_SIZE = 100;

export interface MeterReport {
  sent: number;
  failed: number;
}

/**
 * Sends unreported billable usage events to Stripe Billing meter events. Each batch is taken with
 * FOR UPDATE SKIP LOCKED and held until it is marked, so concurrent reporters never take the same
 * rows; an event is marked reported only after Stripe accepted it (its id is the meter event's
 * identifier, so Stripe dedups even a send whose answer was lost). Failed events stay unreported
 * and are sent by a later run (the maintenance job scheduler runs again). Users without a Stripe
 * customer are left unreported until they have one.
 */
@Injectable()
export class MeterReporter {
  private readonly logger = new Logger(MeterReporter.name);
  private readonly eventName: string;

  constructor(
    private readonly em: EntityManager,
    private readonly events: UsageEventsRepository,
    private readonly stripe: StripeGateway,
    @Inject(billingConfig.KEY) billing: ConfigType<typeof billingConfig>,
  ) {
    this.eventName = billing.stripe.meterEventName;
  }

  /** Reports batches until none is left or one had a failure. A no-op without STRIPE_SECRET_KEY. */
  async reportOnce(): Promise<MeterReport> {
    const total: MeterReport = { sent: 0, failed: 0 };
    if (!this.stripe.configured) return total;
    for (;;) {
      const batch = await this.reportBatch();
      total.sent += batch.sent;
      total.failed += batch.failed;
      if (batch.failed > 0 || batch.taken < METER_BATCH_SIZE) break;
    }
    if (total.sent > 0 || total.failed > 0) this.logger.log({ msg: 'usage reported to Stripe meter events', ...total });
    return total;
  }

  private reportBatch(): Promise<MeterReport & { taken: number }> {
    return this.em.fork().transactional(async (em) => {
      const rows = await this.events.takeUnreported(METER_BATCH_SIZE, em);
      const sent: string[] = [];
      let failed = 0;
      for (const row of rows) {
        try {
          // A failed send is retried by the next scheduled run, not inside this one.
          await this.stripe.sendMeterEvent({
            eventName: this.eventName,
            identifier: row.id,
            at: new Date(row.created_at),
            customer: row.stripe_customer_id,
            value: Number(row.cost_micros),
          });
          sent.push(row.id);
        } catch (error) {
          failed += 1;
          this.logger.warn({ msg: 'meter event not accepted; retried on the next run', usage_event_id: row.id, error: (error as Error).message });
        }
      }
      await this.events.markReported(sent, em);
      return { sent: sent.length, failed, taken: rows.length };
    });
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { billingConfig } from '../billing.config.js';
import { StripeGateway } from '../stripe/stripe.gateway.js';
import { type RetrySchedule, UsageEventsRepository } from '../usage/usage-events.repository.js';

/** Events taken (and row-locked) per batch. */
export const METER_BATCH_SIZE = 100;

export interface MeterReport {
  sent: number;
  failed: number;
  /** When the earliest failed event is due again (its backoff), when any failed. */
  retryAt?: Date;
}

/**
 * Sends unreported billable usage events to Stripe Billing meter events. Each batch is taken with
 * FOR UPDATE SKIP LOCKED and held until it is marked, so concurrent reporters never take the same
 * rows; an event is marked reported only after Stripe accepted it (its id is the meter event's
 * identifier, so Stripe dedups even a send whose answer was lost). usage_events is the outbox: a
 * failed event stays unreported with its attempt counted and a next attempt after an exponential
 * backoff (METER_RETRY_BASE_MS doubling, at most METER_RETRY_MAX_MS); `retryAt` says when, so the
 * worker schedules a run then instead of waiting for the next interval. Users without a Stripe
 * customer are left unreported until they have one.
 */
@Injectable()
export class MeterReporter {
  private readonly logger = new Logger(MeterReporter.name);
  private readonly eventName: string;
  private readonly retry: RetrySchedule;

  constructor(
    private readonly em: EntityManager,
    private readonly events: UsageEventsRepository,
    private readonly stripe: StripeGateway,
    @Inject(billingConfig.KEY) billing: ConfigType<typeof billingConfig>,
  ) {
    this.eventName = billing.stripe.meterEventName;
    this.retry = billing.meterRetry;
  }

  /** Reports batches until none is left or one had a failure. A no-op without STRIPE_SECRET_KEY. */
  async reportOnce(): Promise<MeterReport> {
    const total: MeterReport = { sent: 0, failed: 0 };
    if (!this.stripe.configured) return total;
    for (;;) {
      const batch = await this.reportBatch();
      total.sent += batch.sent;
      total.failed += batch.failed;
      if (batch.retryAt && (!total.retryAt || batch.retryAt < total.retryAt)) total.retryAt = batch.retryAt;
      if (batch.failed > 0 || batch.taken < METER_BATCH_SIZE) break;
    }
    if (total.sent > 0 || total.failed > 0) this.logger.log({ msg: 'usage reported to Stripe meter events', sent: total.sent, failed: total.failed });
    return total;
  }

  private reportBatch(): Promise<MeterReport & { taken: number }> {
    return this.em.fork().transactional(async (em) => {
      const rows = await this.events.takeUnreported(METER_BATCH_SIZE, em);
      const sent: string[] = [];
      const failed: string[] = [];
      for (const row of rows) {
        try {
          // A failed send is retried after its backoff, not inside this run.
          await this.stripe.sendMeterEvent({
            eventName: this.eventName,
            identifier: row.id,
            at: new Date(row.created_at),
            customer: row.stripe_customer_id,
            value: Number(row.cost_micros),
          });
          sent.push(row.id);
        } catch (error) {
          failed.push(row.id);
          this.logger.warn({ msg: 'meter event not accepted; retried after its backoff', usage_event_id: row.id, attempt: Number(row.report_attempts) + 1, error: (error as Error).message });
        }
      }
      await this.events.markReported(sent, em);
      const retryAt = await this.events.markFailed(failed, this.retry, em);
      return { sent: sent.length, failed: failed.length, taken: rows.length, ...(retryAt ? { retryAt } : {}) };
    });
  }
}

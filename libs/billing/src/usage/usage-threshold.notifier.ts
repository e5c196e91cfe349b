import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { WebhookEventPublisher } from '@app/shared';
import { billingConfig } from '../billing.config.js';
import { UsageReportRepository } from './usage-report.repository.js';

/**
 * Sends `usage.threshold_reached` when a user's month-to-date cost reaches a configured threshold
 * (USAGE_ALERT_THRESHOLDS_MICROS): once per threshold and UTC month, whichever event crossed it.
 * Every threshold at or below the total is published (the publisher's key drops repeats), so
 * concurrent events cannot step over one.
 */
@Injectable()
export class UsageThresholdNotifier {
  constructor(
    private readonly reports: UsageReportRepository,
    private readonly webhooks: WebhookEventPublisher,
    @Inject(billingConfig.KEY) private readonly billing: ConfigType<typeof billingConfig>,
  ) {}

  /** Whether any threshold is configured (else nothing needs the month-to-date cost). */
  get watching(): boolean {
    return this.billing.usageAlertThresholdsMicros.length > 0;
  }

  /** Called after a costed usage event of `userId` was written at `at`. */
  async costAdded(userId: string, at: Date): Promise<void> {
    if (!this.watching) return;
    await this.monthToDateReached(userId, at, await this.reports.monthToDateCost(userId, at));
  }

  /** Called with the user's month-to-date cost (`at`'s month, up to its day) once costed events were written. */
  async monthToDateReached(userId: string, at: Date, costMicros: number): Promise<void> {
    const thresholds = this.billing.usageAlertThresholdsMicros;
    const period = at.toISOString().slice(0, 7);
    for (const threshold of thresholds) {
      if (threshold > costMicros) break;
      await this.webhooks.publish({
        userId,
        type: 'usage.threshold_reached',
        key: `usage.threshold_reached:${userId}:${period}:${threshold}`,
        data: { period, threshold_micros: threshold, cost_micros: costMicros, href: `/api/v1/usage?from=${period}-01` },
      });
    }
  }
}

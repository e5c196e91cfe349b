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

  /** Called after a costed usage event of `userId` was written at `at`. */
  async costAdded(userId: string, at: Date): Promise<void> {
    const thresholds = this.billing.usageAlertThresholdsMicros;
    if (thresholds.length === 0) return;
    const costMicros = await this.reports.monthToDateCost(userId, at);
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

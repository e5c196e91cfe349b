import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Job as QueueJob, Queue } from 'bullmq';
import { IdempotencyService, JobRecovery, MAINTENANCE_TASKS, QUEUES } from '@app/shared';
import { billingConfig, MeterReporter } from '@app/billing';
import { workerConfig } from '../worker.config.js';

/**
 * Scheduled housekeeping. The schedule lives in Redis (a BullMQ job scheduler), so however many
 * workers run, each task runs once per interval.
 */
@Processor(QUEUES.MAINTENANCE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(QUEUES.MAINTENANCE) private readonly queue: Queue,
    private readonly idempotency: IdempotencyService,
    private readonly meter: MeterReporter,
    private readonly recovery: JobRecovery,
    @Inject(workerConfig.KEY) private readonly workerSettings: ConfigType<typeof workerConfig>,
    @Inject(billingConfig.KEY) private readonly billing: ConfigType<typeof billingConfig>,
  ) {
    super();
  }

  /** Connection trouble (Redis away): BullMQ reconnects by itself. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ msg: 'maintenance worker error', err: error });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.queue.on('error', (error) => this.logger.warn({ msg: 'maintenance queue error', err: error }));
    const every = this.workerSettings.maintenanceIntervalS * 1000;
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP, { every }, {
      name: MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.JOBS_RECONCILE, { every }, {
      name: MAINTENANCE_TASKS.JOBS_RECONCILE,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
    const meterEvery = this.billing.meterReportIntervalS * 1000;
    if (meterEvery === 0) {
      await this.queue.removeJobScheduler(MAINTENANCE_TASKS.USAGE_METER_REPORT);
      return;
    }
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.USAGE_METER_REPORT, { every: meterEvery }, {
      name: MAINTENANCE_TASKS.USAGE_METER_REPORT,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  async process(job: QueueJob): Promise<{ deleted: number } | { sent: number; failed: number } | { checked: number; finished: number }> {
    if (job.name === MAINTENANCE_TASKS.USAGE_METER_REPORT) return this.reportUsage();
    if (job.name === MAINTENANCE_TASKS.JOBS_RECONCILE) {
      const result = await this.recovery.reconcile();
      if (result.finished > 0) this.logger.warn({ msg: 'jobs finished by reconciliation', ...result });
      return result;
    }
    if (job.name !== MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP) throw new Error(`unknown maintenance task ${job.name}`);
    const deleted = await this.idempotency.deleteExpired();
    this.logger.log({ msg: 'expired idempotency keys deleted', deleted });
    return { deleted };
  }

  /** Sends due meter events; when some failed, one more run is scheduled for when the earliest is due again. */
  private async reportUsage(): Promise<{ sent: number; failed: number }> {
    const { sent, failed, retryAt } = await this.meter.reportOnce();
    if (retryAt) {
      const delay = Math.max(0, retryAt.getTime() - Date.now());
      // One delayed run per due time, however many reporters saw failures.
      await this.queue.add(MAINTENANCE_TASKS.USAGE_METER_REPORT, {}, { delay, jobId: `usage_meter_retry_${retryAt.getTime()}`, removeOnComplete: 100, removeOnFail: 100 });
    }
    return { sent, failed };
  }
}

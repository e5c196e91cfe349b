import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job as QueueJob, Queue } from 'bullmq';
import { type EnvironmentVariables, IdempotencyService, JobRecovery, MAINTENANCE_TASKS, QUEUES } from '@app/shared';
import { MeterReporter } from '@app/billing';

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
    private readonly config: ConfigService<EnvironmentVariables, true>,
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
    const every = this.config.get('MAINTENANCE_INTERVAL_S', { infer: true }) * 1000;
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP, { every }, {
      name: MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.JOBS_RECONCILE, { every }, {
      name: MAINTENANCE_TASKS.JOBS_RECONCILE,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
    const meterEvery = this.config.get('METER_REPORT_INTERVAL_S', { infer: true }) * 1000;
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.USAGE_METER_REPORT, { every: meterEvery }, {
      name: MAINTENANCE_TASKS.USAGE_METER_REPORT,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  async process(job: QueueJob): Promise<{ deleted: number } | { sent: number; failed: number } | { checked: number; finished: number }> {
    // Events a run could not send stay unreported; the next scheduled run sends them.
    if (job.name === MAINTENANCE_TASKS.USAGE_METER_REPORT) return this.meter.reportOnce();
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
}

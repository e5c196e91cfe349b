import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Job as QueueJob, Queue } from 'bullmq';
import { type EnvironmentVariables, IdempotencyService, MAINTENANCE_TASKS, QUEUES } from '@app/shared';

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
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const every = this.config.get('MAINTENANCE_INTERVAL_S', { infer: true }) * 1000;
    await this.queue.upsertJobScheduler(MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP, { every }, {
      name: MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  async process(job: QueueJob): Promise<{ deleted: number }> {
    if (job.name !== MAINTENANCE_TASKS.IDEMPOTENCY_CLEANUP) throw new Error(`unknown maintenance task ${job.name}`);
    const deleted = await this.idempotency.deleteExpired();
    this.logger.log({ msg: 'expired idempotency keys deleted', deleted });
    return { deleted };
  }
}

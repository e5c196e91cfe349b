import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Job as QueueJob, Queue } from 'bullmq';
import { QUEUES, type QueuedDelivery, webhooksConfig } from '@app/shared';
import { OverdueDeliverySweeper, WebhookDeliverer } from '@app/webhooks';

const SWEEP = 'sweep';
const SWEEP_EVERY_MS = 60_000;

/**
 * Sends webhook deliveries: one BullMQ job per delivery and round, retried by BullMQ with
 * exponential backoff while its attempts last (WEBHOOK_RETRY_WINDOW_S). Once a minute, deliveries
 * whose queue job was lost are queued again.
 */
@Processor(QUEUES.WEBHOOKS)
export class WebhookDeliveriesProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly deliverer: WebhookDeliverer,
    private readonly sweeper: OverdueDeliverySweeper,
    @InjectQueue(QUEUES.WEBHOOKS) private readonly queue: Queue,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker.concurrency = this.settings.concurrency;
    await this.queue.upsertJobScheduler(SWEEP, { every: SWEEP_EVERY_MS }, { name: SWEEP, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }

  async process(job: QueueJob): Promise<unknown> {
    if (job.name === SWEEP) return this.sweeper.sweep();
    const attempt = job.attemptsMade + 1;
    const outcome = await this.deliverer.attempt(job.data as QueuedDelivery, attempt, attempt >= (job.opts.attempts ?? 1));
    // Thrown, so BullMQ schedules the next attempt with its backoff (or ends the job after the last).
    if (outcome.kind === 'failed') throw new Error(outcome.error);
    return { delivered: true };
  }
}

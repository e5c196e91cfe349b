import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { QUEUES } from '../jobs/job-types.js';
import { webhooksConfig } from './webhooks.config.js';

/** What travels on the webhooks queue: the delivery row's id and which round of sending it is (a redelivery starts a new one). */
export interface QueuedDelivery {
  deliveryId: string;
  round: number;
}

/** Puts deliveries on the BullMQ webhooks queue with their retry schedule (exponential backoff within the retry window). */
@Injectable()
export class WebhookDeliveryQueue {
  private readonly logger = new Logger(WebhookDeliveryQueue.name);

  constructor(
    @InjectQueue(QUEUES.WEBHOOKS) private readonly queue: Queue<QueuedDelivery>,
    @Inject(webhooksConfig.KEY) private readonly settings: ConfigType<typeof webhooksConfig>,
  ) {
    this.queue.on('error', (error) => this.logger.warn({ msg: 'webhooks queue connection error', err: error.message }));
  }

  /** Enqueues each delivery once per round (the job id names both, so a repeat is a no-op). */
  async enqueue(deliveries: readonly QueuedDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.queue.addBulk(
      deliveries.map((delivery) => ({
        name: 'deliver',
        data: delivery,
        opts: {
          jobId: `delivery-${delivery.deliveryId}-${delivery.round}`,
          attempts: this.settings.attempts,
          backoff: { type: 'exponential', delay: this.settings.backoffMs },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      })),
    );
  }
}

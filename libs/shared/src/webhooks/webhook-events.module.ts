import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SharedConfigModule } from '../config/config.module.js';
import { QUEUES } from '../jobs/job-types.js';
import { WebhookDeliveryQueue } from './webhook-delivery.queue.js';
import { WebhookEventPublisher } from './webhook-events.publisher.js';
import { webhooksConfig } from './webhooks.config.js';

const WebhooksConfigModule = SharedConfigModule.forFeature(webhooksConfig);

/** The publisher of outbound webhook events and the queue their deliveries travel on, for every lib that raises events. */
@Module({
  imports: [WebhooksConfigModule, BullModule.registerQueue({ name: QUEUES.WEBHOOKS })],
  providers: [WebhookDeliveryQueue, WebhookEventPublisher],
  exports: [WebhooksConfigModule, WebhookDeliveryQueue, WebhookEventPublisher, BullModule],
})
export class WebhookEventsModule {}

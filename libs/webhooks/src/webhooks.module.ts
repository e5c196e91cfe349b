import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig, TokenCipher, WebhookEventsModule } from '@app/shared';
import { WebhookDeliverer } from './deliveries/webhook-deliverer.service.js';
import { OverdueDeliverySweeper } from './deliveries/overdue-delivery.sweeper.js';
import { WebhookDelivery } from './deliveries/webhook-delivery.entity.js';
import { WebhookEvent } from './deliveries/webhook-event.entity.js';
import { WebhookSender } from './deliveries/webhook-sender.js';
import { WebhookEndpoint } from './endpoints/webhook-endpoint.entity.js';
import { WebhookEndpointsService } from './endpoints/webhook-endpoints.service.js';
import { WebhookTargetPolicy } from './targets/webhook-target.policy.js';

/** Outbound webhooks: endpoints (API), deliveries (worker), the target policy both check URLs with. */
@Module({
  imports: [WebhookEventsModule, MikroOrmModule.forFeature([WebhookEndpoint, WebhookEvent, WebhookDelivery])],
  providers: [
    WebhookTargetPolicy,
    WebhookSender,
    WebhookDeliverer,
    OverdueDeliverySweeper,
    WebhookEndpointsService,
    { provide: TokenCipher, inject: [appConfig.KEY], useFactory: (app: ConfigType<typeof appConfig>) => new TokenCipher(app.secret) },
  ],
  exports: [WebhookEventsModule, WebhookEndpointsService, WebhookDeliverer, OverdueDeliverySweeper, WebhookTargetPolicy],
})
export class WebhooksModule {}

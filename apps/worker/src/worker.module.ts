import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DiagnosticsHandler, IdempotencyModule, QUEUES, SharedConfigModule, SharedModule } from '@app/shared';
import { IngestionModule } from '@app/ingestion';
import { AiModule } from '@app/ai';
import { BillingModule } from '@app/billing';
import { WebhooksModule } from '@app/webhooks';
import { PublishingModule } from '@app/publishing';
import { JobHandlerRegistry } from './jobs/job-handler.registry.js';
import { JobsProcessor } from './jobs/jobs.processor.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { workerConfig } from './worker.config.js';
import { WebhookDeliveriesProcessor } from './webhooks/webhook-deliveries.processor.js';

@Module({
  imports: [
    SharedConfigModule.forFeature(workerConfig),
    SharedModule,
    IngestionModule,
    AiModule,
    BillingModule,
    WebhooksModule,
    PublishingModule,
    IdempotencyModule,
    DiscoveryModule,
    BullModule.registerQueue({ name: QUEUES.MAINTENANCE }),
  ],
  providers: [JobHandlerRegistry, JobsProcessor, MaintenanceProcessor, WebhookDeliveriesProcessor, DiagnosticsHandler],
})
export class WorkerModule {}

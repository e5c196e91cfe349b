import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DiagnosticsHandler, IdempotencyModule, QUEUES, SharedConfigModule, SharedModule } from '@app/shared';
import { IngestionModule } from '@app/ingestion';
import { AiModule } from '@app/ai';
import { BillingModule } from '@app/billing';
import { JobHandlerRegistry } from './jobs/job-handler.registry.js';
import { JobsProcessor } from './jobs/jobs.processor.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';
import { workerConfig } from './worker.config.js';

@Module({
  imports: [
    SharedConfigModule.forFeature(workerConfig),
    SharedModule,
    IngestionModule,
    AiModule,
    BillingModule,
    IdempotencyModule,
    DiscoveryModule,
    BullModule.registerQueue({ name: QUEUES.MAINTENANCE }),
  ],
  providers: [JobHandlerRegistry, JobsProcessor, MaintenanceProcessor, DiagnosticsHandler],
})
export class WorkerModule {}

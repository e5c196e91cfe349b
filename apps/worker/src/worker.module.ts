import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DiagnosticsHandler, SharedModule } from '@app/shared';
import { IngestionModule } from '@app/ingestion';
import { AiModule } from '@app/ai';
import { JobHandlerRegistry } from './jobs/job-handler.registry.js';
import { JobsProcessor } from './jobs/jobs.processor.js';

@Module({
  imports: [SharedModule, IngestionModule, AiModule, DiscoveryModule],
  providers: [JobHandlerRegistry, JobsProcessor, DiagnosticsHandler],
})
export class WorkerModule {}

import { Module } from '@nestjs/common';
import { BillingModule } from '@app/billing';
import { IngestionModule } from '@app/ingestion';
import { chatModelProvider, CHAT_MODEL } from './models/model.factory.js';
import { STEP_JOB_HANDLERS } from './step-jobs/step-job.handlers.js';
import { StepRunner } from './step-jobs/step-runner.service.js';

/** The model chosen by configuration and the AI step jobs. */
@Module({
  imports: [IngestionModule, BillingModule],
  providers: [chatModelProvider, StepRunner, ...STEP_JOB_HANDLERS],
  exports: [CHAT_MODEL, StepRunner, ...STEP_JOB_HANDLERS],
})
export class AiModule {}

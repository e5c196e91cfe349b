import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { SharedConfigModule } from '../config/config.module.js';
import { Job } from './job.entity.js';
import { JobStep } from './job-step.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobExecutionService } from './job-execution.service.js';
import { QUEUES } from './job-types.js';
import { JobsService } from './jobs.service.js';
import { jobsConfig } from './jobs.config.js';
import { JobRecovery } from './job-recovery.service.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { JobStepsRepository } from './job-steps.repository.js';
import { WebhookEventsModule } from '../webhooks/webhook-events.module.js';

@Module({
  imports: [SharedConfigModule.forFeature(jobsConfig), MikroOrmModule.forFeature([Job, JobStep]), BullModule.registerQueue({ name: QUEUES.JOBS }), WebhookEventsModule],
  providers: [JobRunsRepository, JobStepsRepository, JobsService, JobExecutionService, JobEventsPublisher, JobRecovery],
  exports: [JobsService, JobExecutionService, JobEventsPublisher, JobRecovery, BullModule, WebhookEventsModule],
})
export class JobsModule {}

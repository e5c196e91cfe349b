import { MikroOrmModule } from '@mikro-orm/nestjs';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Job } from './job.entity.js';
import { JobStep } from './job-step.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobExecutionService } from './job-execution.service.js';
import { QUEUES } from './job-types.js';
import { JobsService } from './jobs.service.js';
import { JobRecovery } from './job-recovery.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Job, JobStep]), BullModule.registerQueue({ name: QUEUES.JOBS })],
  providers: [JobsService, JobExecutionService, JobEventsPublisher, JobRecovery],
  exports: [JobsService, JobExecutionService, JobEventsPublisher, JobRecovery, BullModule],
})
export class JobsModule {}

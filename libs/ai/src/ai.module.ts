import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { BillingModule } from '@app/billing';
import { IngestionModule } from '@app/ingestion';
import { chatModelProvider, CHAT_MODEL } from './models/model.factory.js';
import { STEP_JOB_HANDLERS } from './step-jobs/step-job.handlers.js';
import { StepRunner } from './step-jobs/step-runner.service.js';
import { GenerateBlogHandler } from './pipeline/generate-blog.handler.js';
import { Post, PostVersion } from './posts/post.entity.js';
import { PostsService } from './posts/posts.service.js';

/** The model chosen by configuration, the AI step jobs, the generate_blog pipeline and posts. */
@Module({
  imports: [IngestionModule, BillingModule, MikroOrmModule.forFeature([Post, PostVersion])],
  providers: [chatModelProvider, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService],
  exports: [CHAT_MODEL, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService],
})
export class AiModule {}

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { modelsConfig, SharedConfigModule } from '@app/shared';
import { BillingModule } from '@app/billing';
import { IngestionModule } from '@app/ingestion';
import { aiConfig } from './ai.config.js';
import { ChapterImageResolver } from './images/chapter-image.resolver.js';
import { IMAGE_MODEL } from './images/image-model.js';
import { imageModelProvider } from './images/image-model.provider.js';
import { PostImagesRunner } from './images/post-images.runner.js';
import { chatModelProvider, CHAT_MODEL } from './models/model.factory.js';
import { STEP_JOB_HANDLERS } from './step-jobs/step-job.handlers.js';
import { StepRunner } from './step-jobs/step-runner.service.js';
import { GenerateBlogHandler } from './pipeline/generate-blog.handler.js';
import { Post, PostVersion } from './posts/post.entity.js';
import { PostsService } from './posts/posts.service.js';

/** The models chosen by configuration (chat, images), the AI step jobs, the generate_blog pipeline and posts. */
@Module({
  imports: [SharedConfigModule.forFeature(aiConfig, modelsConfig), IngestionModule, BillingModule, MikroOrmModule.forFeature([Post, PostVersion])],
  providers: [chatModelProvider, imageModelProvider, ChapterImageResolver, PostImagesRunner, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService],
  exports: [CHAT_MODEL, IMAGE_MODEL, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService],
})
export class AiModule {}

import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { BillingModule } from '@app/billing';
import { IngestionModule } from '@app/ingestion';
import { IdempotencyModule, JobsModule, modelRoutingConfig, modelsConfig, SharedConfigModule } from '@app/shared';
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
import { MediaRemover } from './posts/media-remover.service.js';
import { PostImageRegenerateHandler, PostImageReplacer } from './posts/post-image-replacer.service.js';
import { JobLauncher } from './launch/job-launcher.service.js';
import { JobWaiter } from './launch/job-waiter.service.js';
import { JobQuoter } from './quote/job-quoter.service.js';
import { DocumentPersister } from './step-jobs/document-persister.service.js';
import { BrandVoice } from './brand-voices/brand-voice.entity.js';
import { BrandVoicesService } from './brand-voices/brand-voices.service.js';
import { WritingSourceCheck } from './writing/writing-source.check.js';
import { ModelRouter } from './routing/model-router.service.js';
import { BatchHandler } from './batches/batch.handler.js';
import { BatchChildrenRepository } from './batches/batch-children.repository.js';
import { BatchSources } from './batches/batch-sources.js';
import { BatchesService } from './batches/batches.service.js';
import { batchesConfig } from './batches/batches.config.js';
import { TrainingConsentService } from './training/training-consent.service.js';
import { TrainingExamplesRepository } from './training/training-examples.repository.js';
import { TrainingExportHandler } from './training/training-export.handler.js';

/** The models chosen by configuration (chat, images), the AI step jobs, the generate_blog pipeline, posts, brand voices, and the one job launcher. */
@Module({
  imports: [SharedConfigModule.forFeature(aiConfig, modelsConfig, modelRoutingConfig, batchesConfig), IngestionModule, BillingModule, JobsModule, IdempotencyModule, MikroOrmModule.forFeature([Post, PostVersion, BrandVoice])],
  providers: [chatModelProvider, imageModelProvider, ModelRouter, ChapterImageResolver, PostImagesRunner, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService, JobWaiter, JobQuoter, JobLauncher, DocumentPersister, MediaRemover, PostImageReplacer, PostImageRegenerateHandler, BrandVoicesService, WritingSourceCheck, BatchHandler, BatchChildrenRepository, BatchSources, BatchesService, TrainingConsentService, TrainingExamplesRepository, TrainingExportHandler],
  exports: [CHAT_MODEL, IMAGE_MODEL, ModelRouter, StepRunner, ...STEP_JOB_HANDLERS, GenerateBlogHandler, PostsService, JobLauncher, DocumentPersister, MediaRemover, PostImageReplacer, BrandVoicesService, WritingSourceCheck, BatchesService, TrainingConsentService],
})
export class AiModule {}

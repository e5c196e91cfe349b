import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { IdempotencyModule, RedisService, SharedConfigModule, SharedModule } from '@app/shared';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { AiModule } from '@app/ai';
import { IngestionModule } from '@app/ingestion';
import { BillingModule } from '@app/billing';
import { WebhooksModule } from '@app/webhooks';
import { PublishingModule } from '@app/publishing';
import { AuthModule } from './auth/auth.module.js';
import { BatchesController } from './batches/batches.controller.js';
import { TrainingController } from './training/training.controller.js';
import { BrandVoicesController } from './brand-voices/brand-voices.controller.js';
import { DocumentsController } from './documents/documents.controller.js';
import { AuthenticationGuard } from './auth/authentication.guard.js';
import { HealthModule } from './health/health.module.js';
import { httpConfig } from './http/http.config.js';
import { IntegrationsController } from './integrations/integrations.controller.js';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor.js';
import { StepsController } from './steps/steps.controller.js';
import { JobsController } from './jobs/jobs.controller.js';
import { JobDetailReader } from './jobs/job-detail.reader.js';
import { MediaController } from './media/media.controller.js';
import { PipelinesController } from './pipelines/pipelines.controller.js';
import { PostsController } from './posts/posts.controller.js';
import { UsageController } from './usage/usage.controller.js';
import { BillingController } from './billing/billing.controller.js';
import { StripeWebhookController } from './billing/stripe-webhook.controller.js';
import { PrincipalThrottlerGuard } from './throttling/principal-throttler.guard.js';
import { WebhookEndpointsController } from './webhooks/webhook-endpoints.controller.js';
import { McpController } from './mcp/mcp.controller.js';
import { PostPublishController } from './publishing/post-publish.controller.js';
import { PublishTargetsController } from './publishing/publish-targets.controller.js';
import { McpModule } from './mcp/mcp.module.js';
import { ModelRoutesController } from './model-routes/model-routes.controller.js';
import { RedisThrottlerStorage } from './throttling/redis-throttler.storage.js';
import { webAppModules } from './web/web-app.module.js';

const HttpConfigModule = SharedConfigModule.forFeature(httpConfig);

@Module({
  imports: [
    HttpConfigModule,
    SharedModule,
    HealthModule,
    AuthModule,
    IngestionModule,
    AiModule,
    BillingModule,
    WebhooksModule,
    PublishingModule,
    McpModule,
    IdempotencyModule,
    ThrottlerModule.forRootAsync({
      imports: [HttpConfigModule],
      inject: [httpConfig.KEY, RedisService],
      useFactory: ({ rateLimit }: ConfigType<typeof httpConfig>, redis: RedisService) => ({
        throttlers: [{ name: 'default', ttl: rateLimit.windowS * 1000, limit: rateLimit.max }],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
    ...webAppModules(),
  ],
  controllers: [JobsController, DocumentsController, IntegrationsController, StepsController, PipelinesController, PostsController, BrandVoicesController, MediaController, UsageController, BillingController, StripeWebhookController, WebhookEndpointsController, McpController, PublishTargetsController, PostPublishController, ModelRoutesController, BatchesController, TrainingController],
  providers: [
    JobDetailReader,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Order matters: authentication first, so rate limits count per key or user.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: PrincipalThrottlerGuard },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class ApiModule {}

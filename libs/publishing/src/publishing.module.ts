import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig, SharedConfigModule, TokenCipher, WebhookEventsModule, type webhooksConfig } from '@app/shared';
import { AiModule } from '@app/ai';
import { IngestionModule } from '@app/ingestion';
import { WebhookTargetPolicy } from '@app/webhooks';
import { BlogClients } from './blogs/blog-clients.js';
import { PostPublication } from './publications/post-publication.entity.js';
import { PublicationsService } from './publications/publications.service.js';
import { PublishLauncher } from './publish/publish-launcher.service.js';
import { PublishPostHandler } from './publish/publish-post.handler.js';
import { publishingConfig } from './publishing.config.js';
import { PublishTarget } from './targets/publish-target.entity.js';
import { PublishTargetsService } from './targets/publish-targets.service.js';
import { PUBLISH_TARGET_POLICY, publishTargetPolicy } from './targets/target-policy.js';

/** Publishing posts to WordPress and Ghost: targets (API), the publish_post job (worker), publications. */
@Module({
  imports: [SharedConfigModule.forFeature(publishingConfig), WebhookEventsModule, AiModule, IngestionModule, MikroOrmModule.forFeature([PublishTarget, PostPublication])],
  providers: [
    {
      provide: PUBLISH_TARGET_POLICY,
      inject: [publishingConfig.KEY],
      // The webhooks' address policy, exempting PUBLISH_ALLOWED_HOSTS instead of WEBHOOK_ALLOWED_HOSTS.
      useFactory: (settings: ConfigType<typeof publishingConfig>) =>
        publishTargetPolicy(new WebhookTargetPolicy({ allowedHosts: settings.allowedHosts } as ConfigType<typeof webhooksConfig>)),
    },
    { provide: TokenCipher, inject: [appConfig.KEY], useFactory: (app: ConfigType<typeof appConfig>) => new TokenCipher(app.secret) },
    BlogClients,
    PublishTargetsService,
    PublicationsService,
    PublishLauncher,
    PublishPostHandler,
  ],
  exports: [PublishTargetsService, PublicationsService, PublishLauncher, PublishPostHandler],
})
export class PublishingModule {}

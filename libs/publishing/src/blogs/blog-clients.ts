import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { publishingConfig } from '../publishing.config.js';
import { PUBLISH_TARGET_POLICY, type TargetPolicy } from '../targets/target-policy.js';
import type { PublishTarget } from '../targets/publish-target.entity.js';
import type { TargetCredentials } from '../targets/publish-targets.service.js';
import type { BlogClient } from './blog-client.js';
import { BlogHttp } from './blog-http.js';
import { GhostClient } from './ghost.client.js';
import { WordPressClient } from './wordpress.client.js';

/** The gateway to blogs: one HTTP client (address policy, timeouts) and the API client of each target's kind. */
@Injectable()
export class BlogClients implements OnModuleDestroy {
  private readonly http: BlogHttp;

  constructor(
    @Inject(PUBLISH_TARGET_POLICY) policy: TargetPolicy,
    @Inject(publishingConfig.KEY) settings: ConfigType<typeof publishingConfig>,
  ) {
    this.http = new BlogHttp(policy, settings.timeoutMs);
  }

  clientFor(target: PublishTarget, credentials: TargetCredentials): BlogClient {
    return credentials.kind === 'wordpress'
      ? new WordPressClient(this.http, target.baseUrl, credentials.wordpress)
      : new GhostClient(this.http, target.baseUrl, credentials.adminApiKey);
  }

  async onModuleDestroy(): Promise<void> {
    await this.http.close();
  }
}

// What apps and tests use of libs/publishing; everything else stays inside the lib.
export { PublishingModule } from './publishing.module.js';
export { publishingConfig } from './publishing.config.js';
export { PUBLISH_TARGET_KINDS, PublishTarget, type PublishTargetKind } from './targets/publish-target.entity.js';
export { MAX_TARGETS_PER_USER, PublishTargetsService, type NewPublishTarget } from './targets/publish-targets.service.js';
export { PostPublication } from './publications/post-publication.entity.js';
export { PublicationsService } from './publications/publications.service.js';
export { PUBLISH_STATUSES, type PublishStatus } from './blogs/blog-client.js';
export { PublishLauncher, type PublishRequest } from './publish/publish-launcher.service.js';
export { ghostAdminToken } from './blogs/ghost-admin-token.js';

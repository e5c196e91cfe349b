export { SharedModule } from './shared.module.js';
export { runMain } from './process/run-main.js';
export { lazyPackage } from './process/lazy-package.js';
export {
  ConfigValidationError,
  defineConfig,
  validateConfig,
  type ConfigSlice,
  type ConfigSliceSpec,
  type Environment,
} from './config/config-slice.js';
export { emptyToUndefined, LOCAL_URL, parseJsonObject, toInt } from './config/env-transforms.js';
export { appConfig, DEVELOPMENT_APP_SECRET } from './config/app.config.js';
export { MODEL_ENGINES, modelsConfig, type ModelEngine } from './config/models.config.js';
export {
  CHAT_ROUTE_STEPS,
  modelRoutingConfig,
  parseRoute,
  ROUTE_STEPS,
  routeName,
  routesOf,
  type ModelProviderSettings,
  type ModelRoute,
  type ModelRouting,
  type ProviderModelPrice,
  type RouteStep,
  type RouteTable,
} from './config/model-routing.config.js';
export { databaseConfig } from './database/database.config.js';
export { redisConfig } from './redis/redis.config.js';
export { jobsConfig } from './jobs/jobs.config.js';
export { idempotencyConfig } from './idempotency/idempotency.config.js';
export { sessionsConfig } from './accounts/sessions.config.js';
export { BaseEntity } from './database/base.entity.js';
export { MIGRATIONS } from './database/migrations/index.js';
export { DomainError, type DomainErrorOptions, type FieldProblem } from './errors/domain.error.js';
export { ERROR_CODES, type ErrorCode } from './errors/error-codes.js';
export { isBackendOutage, OUTAGE_RETRY_AFTER_S } from './errors/backend-outage.js';
export { createValidationPipe, flattenValidationErrors } from './http/validation.pipe.js';
export { REDACTED_PATHS } from './logging/logging.module.js';
export { RedisService } from './redis/redis.service.js';
export { Job, type JobError } from './jobs/job.entity.js';
export { JobStep } from './jobs/job-step.entity.js';
export { JobEnvelopeDto } from './jobs/job-envelope.dto.js';
export { JobCanceled } from './jobs/job-canceled.js';
export { JobTimedOut } from './jobs/job-timed-out.js';
export { toJobError } from './jobs/job-execution.service.js';
export {
  JOB_HANDLER_METADATA,
  JobHandler,
  type JobContext,
  type JobHandlerInstance,
} from './jobs/job-handler.js';
export { JobExecutionService, type ExecutionOutcome } from './jobs/job-execution.service.js';
export { failedCheckpoint, succeededCheckpoint, type StepCheckpoint, type StepCommit } from './jobs/job-steps.repository.js';
export {
  JobEventsPublisher,
  JOB_EVENT_TYPES,
  JOB_EVENTS_MAXLEN,
  JOB_EVENTS_TTL_S,
  type JobEventData,
  type JobEventType,
  type BatchProgress,
} from './jobs/job-events.js';
export { DiagnosticsHandler } from './jobs/diagnostics.handler.js';
export { JobsModule } from './jobs/jobs.module.js';
export { JobsService, type CreateJobInput, type JobListFilter, type JobStepSummary } from './jobs/jobs.service.js';
export { JobRecovery, RECONCILE_GRACE_MS, WORKER_LOST, type QueueHold } from './jobs/job-recovery.service.js';
export {
  ALL_JOB_TYPES,
  FINISHED_JOB_STATUSES,
  JOB_STATUSES,
  JOB_TYPES,
  MAINTENANCE_TASKS,
  QUEUES,
  type JobStatus,
  type JobType,
  type QueuedJobData,
} from './jobs/job-types.js';
export { SharedConfigModule } from './config/config.module.js';
export { DatabaseModule } from './database/database.module.js';
export { LoggingModule } from './logging/logging.module.js';
export { AccountsModule } from './accounts/accounts.module.js';
export { User } from './accounts/user.entity.js';
export { ApiKey } from './accounts/api-key.entity.js';
export { SCOPES, type Scope } from './accounts/scopes.js';
export { API_KEY_PREFIX, generateApiKey, isWellFormedApiKey, hashApiKey } from './accounts/api-key.format.js';
export { ApiKeysService, type AuthenticatedKey } from './accounts/api-keys.service.js';
export { UsersService, type GithubIdentity } from './accounts/users.service.js';
export { SessionsService, type SessionRecord } from './accounts/sessions.service.js';
export { LoginLinksService } from './accounts/login-links.service.js';
export { afterCursor, decodeCursor, encodeCursor, toPage, type CursorPosition } from './http/cursor.js';
export { PageQueryDto } from './http/page-query.dto.js';
export { IsOptionalNotNull, IsOptionalOrNull } from './http/is-optional-not-null.decorator.js';
export { IdempotencyModule } from './idempotency/idempotency.module.js';
export { IdempotencyService, requestHash, type IdempotencyBegin } from './idempotency/idempotency.service.js';
export { StepInvocation } from './idempotency/step-invocation.entity.js';
export { TokenCipher, TokenDecryptionError } from './crypto/token-cipher.js';
export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhooks/webhook-event-types.js';
export { deliveryAttempts, webhooksConfig } from './webhooks/webhooks.config.js';
export { WebhookDeliveryQueue, type QueuedDelivery } from './webhooks/webhook-delivery.queue.js';
export { WebhookEventPublisher, type WebhookEventInput } from './webhooks/webhook-events.publisher.js';
export { WebhookEventsModule } from './webhooks/webhook-events.module.js';

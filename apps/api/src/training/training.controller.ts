import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { JobEnvelopeDto, JOB_TYPES, type User } from '@app/shared';
import { JobLauncher, TrainingConsentService } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { CreateTrainingExportDto, TrainingConsentBodyDto, TrainingConsentDto } from './training.dto.js';

/** Training-data export: the per-account opt-in and the export job. */
@ApiTags('training')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1')
export class TrainingController {
  constructor(
    private readonly consent: TrainingConsentService,
    private readonly launcher: JobLauncher,
  ) {}

  /** Whether the account lets its posts be exported as training data, and since when. Off by default. */
  @Get('me/training-consent')
  @RequireScopes('posts:read')
  async get(@CurrentUser() user: User): Promise<TrainingConsentDto> {
    const { consentedAt } = await this.consent.get(user.id);
    return { consent: consentedAt !== null, consented_at: consentedAt?.toISOString() ?? null, exports_deleted: 0 };
  }

  /**
   * Turns the training-data opt-in on (the moment is recorded; only posts made from then on are
   * exported; turning it on again keeps the first moment) or off (every export made is deleted).
   */
  @Put('me/training-consent')
  @RequireScopes('posts:write')
  async set(@CurrentUser() user: User, @Body() body: TrainingConsentBodyDto): Promise<TrainingConsentDto> {
    const state = await this.consent.set(user.id, body.consent);
    return { consent: state.consentedAt !== null, consented_at: state.consentedAt?.toISOString() ?? null, exports_deleted: state.exportsDeleted };
  }

  /**
   * Starts an export_training job: the account's own posts made since consent was given, as a
   * sanitized JSONL file in storage (emails, phone numbers, URLs with credentials or tokens, API
   * keys, card numbers and `redact_names` become typed placeholders such as `[EMAIL]`). The job's
   * output has `media_id`, `examples`, `bytes` and a signed `download_url` (until `expires_at`; a
   * fresh one from GET /api/v1/media/{media_id}?signed=true). 409 training_consent_required while
   * the opt-in is off.
   */
  @Post('exports/training')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('posts:read', 'jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; the job output names the file and its download link' })
  @ApiConflictResponse({ description: 'training_consent_required: the account has not opted in' })
  async export(
    @CurrentUser() user: User,
    @Body() body: CreateTrainingExportDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    await this.consent.require(user.id);
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.EXPORT_TRAINING,
      input: { format: body.format ?? 'records', redact_names: body.redact_names ?? [] },
      idempotency: key ? { key, fingerprint: body } : undefined,
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }
}

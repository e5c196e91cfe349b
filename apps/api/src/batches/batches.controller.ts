import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, JobEnvelopeDto, JOB_TYPES, PageQueryDto, type User } from '@app/shared';
import { BatchesService, type BatchSource, JobLauncher } from '@app/ai';
import { minorUnitsToMicros } from '@app/billing';
import { DocumentsService, IntegrationsService } from '@app/ingestion';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { ApiPaymentRequired } from '../http/api-payment-required.js';
import { exactlyOne } from '../http/exactly-one.js';
import { IdempotencyKey, LaunchesJob } from '../http/idempotency-key.js';
import { maxCostMicrosOf } from '../jobs/job-cost.dto.js';
import { JobSummaryDto } from '../jobs/jobs.dto.js';
import { answerLaunch } from '../jobs/launch-answer.js';
import { GenerateBlogCommands } from '../pipelines/generate-blog.command.js';
import { parseYouTubeList } from './youtube-list-url.js';
import { BatchDto, BatchListDto, CreateBatchDto } from './batches.dto.js';

/** Many posts as one job: a batch launches a generate_blog child per item and reports their progress. */
@ApiTags('batches')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/batches')
export class BatchesController {
  constructor(
    private readonly launcher: JobLauncher,
    private readonly batches: BatchesService,
    private readonly commands: GenerateBlogCommands,
    private readonly documents: DocumentsService,
    private readonly integrations: IntegrationsService,
  ) {}

  /**
   * Starts a batch job that writes one post per item of its source — `document_ids`, a YouTube
   * playlist or channel (`youtube_url`, up to `limit` videos) or a Drive folder (`drive_folder_id`,
   * imported first) — each a generate_blog child job with `options`. `max_cost` caps the whole
   * batch: a post whose quote would pass it is not started (`skipped`). Answers 202 with the batch
   * job; follow it with GET /api/v1/batches/{id} or the SSE stream GET /api/v1/jobs/{id}/events
   * (`batch.progress` events). A document id not of the caller's is 404.
   */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @LaunchesJob()
  @ApiAcceptedResponse({ type: JobEnvelopeDto, description: 'queued; follow GET /api/v1/batches/{job_id}' })
  @ApiPaymentRequired()
  @ApiResponse({ status: 404, description: "document_not_found or brand_voice_not_found: not the caller's" })
  @ApiConflictResponse({ description: 'drive_not_connected: no Google connection and no service account' })
  async create(
    @CurrentUser() user: User,
    @Body() body: CreateBatchDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobEnvelopeDto> {
    const field = exactlyOne(body, 'document_ids', 'youtube_url', 'drive_folder_id');
    const source = await this.sourceOf(user.id, field, body);
    const options = await this.commands.optionsOf(user.id, body.options);
    const launched = await this.launcher.launch({
      userId: user.id,
      type: JOB_TYPES.BATCH,
      input: { source, options, child_max_cost_micros: maxCostMicrosOf(body.options), images: body.options?.images === true },
      maxCostMicros: body.max_cost === undefined ? null : minorUnitsToMicros(body.max_cost),
      spends: { chat: true, images: body.options?.images === true },
      idempotency: key ? { key, fingerprint: body } : undefined,
    });
    return answerLaunch(res, launched, 0) as JobEnvelopeDto;
  }

  /** The caller's batches, newest first. */
  @Get()
  @RequireScopes('jobs:read')
  async list(@CurrentUser() user: User, @Query() query: PageQueryDto): Promise<BatchListDto> {
    const page = await this.batches.list(user.id, query);
    return { items: page.items.map((job) => JobSummaryDto.from(job)), next_cursor: page.nextCursor };
  }

  /** A batch: its status, progress (posts by status, cost so far) and child jobs. */
  @Get(':id')
  @RequireScopes('jobs:read')
  @ApiResponse({ status: 404, description: "batch_not_found: no batch of the caller's with this id" })
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<BatchDto> {
    return BatchDto.fromView(await this.batches.get(user.id, id));
  }

  /** Cancels a batch: it launches no more posts, and its queued and running children are canceled. */
  @Post(':id/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  @ApiConflictResponse({ description: 'the batch already finished (job_finished)' })
  @ApiResponse({ status: 404, description: "batch_not_found: no batch of the caller's with this id" })
  async cancel(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<BatchDto> {
    return BatchDto.fromView(await this.batches.cancel(user.id, id));
  }

  private async sourceOf(userId: string, field: 'document_ids' | 'youtube_url' | 'drive_folder_id', body: CreateBatchDto): Promise<BatchSource> {
    if (field === 'document_ids') {
      const ids = body.document_ids!;
      this.batches.assertItemCount('document_ids', ids.length);
      for (const id of ids) await this.documents.get(userId, id);
      return { kind: 'documents', document_ids: ids };
    }
    if (field === 'youtube_url') {
      const list = parseYouTubeList(body.youtube_url!);
      if (!list) throw DomainError.badField('youtube_url', 'youtube_url must be a YouTube playlist (…/playlist?list=…) or channel (…/channel/UC…, …/@handle) link');
      const language = body.options?.language;
      return { kind: 'youtube', list: list.kind, id: list.id, limit: body.limit ?? 50, langs: language ? [language] : [] };
    }
    await this.integrations.assertDriveAccess(userId);
    return { kind: 'drive', folder_id: body.drive_folder_id!, resource_key: null, recursive: body.recursive ?? false };
  }
}

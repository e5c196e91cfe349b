import {
  type BeforeApplicationShutdown,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, JobEventsPublisher, JobsService, RedisService, routeName, type User } from '@app/shared';
import { ModelRouter, routeStepOf } from '@app/ai';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { JobDetailReader } from './job-detail.reader.js';
import { JobEventStream, STREAM_ID } from './job-event-stream.js';
import { JobDetailDto, JobListDto, JobListQueryDto, JobSummaryDto } from './jobs.dto.js';

@ApiTags('jobs')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/jobs')
export class JobsController implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobsController.name);
  private readonly streams = new Set<JobEventStream>();

  constructor(
    private readonly jobs: JobsService,
    private readonly events: JobEventsPublisher,
    private readonly redis: RedisService,
    private readonly router: ModelRouter,
    private readonly details: JobDetailReader,
  ) {}

  /** The caller's jobs, newest first. */
  @Get()
  @RequireScopes('jobs:read')
  async list(@CurrentUser() user: User, @Query() query: JobListQueryDto): Promise<JobListDto> {
    const page = await this.jobs.list(user.id, query);
    return { items: page.items.map((job) => JobSummaryDto.from(job)), next_cursor: page.nextCursor };
  }

  /** A job: status, steps with timings, output, error. */
  @Get(':id')
  @RequireScopes('jobs:read')
  async get(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<JobDetailDto> {
    const { job, steps, servedBy: served } = await this.details.read(user.id, id);
    // A step that calls a model: the routes it had and who served it (an image step only when an image model ran).
    return JobDetailDto.fromWithSteps(job, steps, (name) => {
      const step = routeStepOf(name);
      if (!step || (step === 'images' && !served.has(name))) return undefined;
      const routes = this.router.routesFor(name, job.input).map(routeName);
      const fallback = step === 'images' ? [] : [routeName(this.router.defaultChatRoute)];
      return { routes: routes.length > 0 ? routes : fallback, served_by: served.get(name) ?? [] };
    });
  }

  /**
   * The job's progress as Server-Sent Events: `job.started`, `step.started`, `step.finished`,
   * `step.failed` (a batch: `batch.progress` with its children's counts and cost), then
   * `job.finished` (with `status`), after which the response ends. Each event's
   * `id` is a stream id: reconnecting with `Last-Event-ID` (or `?last_event_id=`) sends only the
   * later events. Events are kept 24 hours; a finished job whose events expired gets one
   * `job.finished` from its row. A `: keepalive` comment comes every 15 s.
   */
  @Get(':id/events')
  @RequireScopes('jobs:read')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the id of the last event received; only later events are sent' })
  @ApiQuery({ name: 'last_event_id', required: false, type: String, description: 'same as the Last-Event-ID header' })
  @ApiOkResponse({
    description:
      'a text/event-stream of `id: <stream id>`, `event: <type>`, `data: {job_id, type, step?, status?, duration_ms?, error?: {code, message}, at}`',
    schema: { type: 'string' },
  })
  async streamEvents(
    @CurrentUser() user: User,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('last-event-id') lastEventIdHeader: unknown,
    @Query('last_event_id') lastEventIdQuery: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const fromHeader = textOf(lastEventIdHeader);
    const after = fromHeader || textOf(lastEventIdQuery) || undefined;
    if (after !== undefined && !STREAM_ID.test(after)) {
      const message = 'must be an event id this endpoint sent';
      throw new DomainError('invalid_last_event_id', `Last-Event-ID ${message}`, { errors: [{ field: fromHeader ? 'Last-Event-ID' : 'last_event_id', message }] });
    }
    // 404 before any byte is sent for a job that is not the caller's.
    await this.jobs.get(user.id, id);
    const stream = new JobEventStream(
      res,
      this.redis,
      this.events.key(id),
      async () => (await this.jobs.get(user.id, id)).job,
      this.logger,
      after,
    );
    this.streams.add(stream);
    try {
      await stream.run();
    } finally {
      this.streams.delete(stream);
    }
  }

  /** Open event streams would hold the HTTP server open: end them so clients reconnect elsewhere. */
  beforeApplicationShutdown(): void {
    for (const stream of this.streams) stream.close();
  }

  /** Cancels a job: a queued one never starts; a running one stops at its next step boundary. */
  @Post(':id/cancel')
  @ApiConflictResponse({ description: 'the job already finished (job_finished)' })
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  async cancel(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<JobSummaryDto> {
    return JobSummaryDto.from(await this.jobs.cancel(user.id, id));
  }
}

/** A header or query value as trimmed text; anything but one string (a repeated parameter's array) is none. */
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

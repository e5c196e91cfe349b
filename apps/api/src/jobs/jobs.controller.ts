import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { JobsService, type User } from '@app/shared';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { JobDetailDto, JobListDto, JobListQueryDto, JobSummaryDto } from './jobs.dto.js';

@ApiTags('jobs')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

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
    const { job, steps } = await this.jobs.get(user.id, id);
    return JobDetailDto.fromWithSteps(job, steps);
  }

  /** Cancels a job: a queued one never starts; a running one stops at its next step boundary. */
  @Post(':id/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireScopes('jobs:write')
  async cancel(@CurrentUser() user: User, @Param('id', new ParseUUIDPipe()) id: string): Promise<JobSummaryDto> {
    return JobSummaryDto.from(await this.jobs.cancel(user.id, id));
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { afterCursor, toPage, type User } from '@app/shared';
import { UsageEvent, UsageReportRepository } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { usagePeriod } from './usage-period.js';
import { UsageEventDto, UsageEventListDto, UsageEventsQueryDto, UsageQueryDto, UsageSummaryDto } from './usage.dto.js';

@ApiTags('usage')
@ApiBearerAuth('api-key')
@ApiCookieAuth('session')
@Controller('api/v1/usage')
export class UsageController {
  constructor(
    private readonly em: EntityManager,
    private readonly reports: UsageReportRepository,
  ) {}

  /** The caller's usage between two UTC days (both included; default the current UTC month), grouped by day, model or step. */
  @Get()
  @RequireScopes('usage:read')
  async summary(@CurrentUser() user: User, @Query() query: UsageQueryDto): Promise<UsageSummaryDto> {
    const { from, to } = usagePeriod(query);
    const { totals, groups } = await this.reports.summary(user.id, { from, to }, query.group_by);
    return { from, to, group_by: query.group_by, totals, groups };
  }

  /** The caller's usage events (one per metered call), newest first. */
  @Get('events')
  @RequireScopes('usage:read')
  async events(@CurrentUser() user: User, @Query() query: UsageEventsQueryDto): Promise<UsageEventListDto> {
    const rows = await this.em.fork().find(
      UsageEvent,
      { userId: user.id, ...(query.job_id ? { jobId: query.job_id } : {}), ...afterCursor(query.cursor) },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit + 1 },
    );
    const page = toPage(rows, query.limit);
    return { items: page.items.map((event) => UsageEventDto.from(event)), next_cursor: page.nextCursor };
  }
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { DomainError, afterCursor, toPage, type User } from '@app/shared';
import { UsageEvent, UsageReportRepository } from '@app/billing';
import { CurrentUser, RequireScopes } from '../auth/auth.decorators.js';
import { UsageEventDto, UsageEventListDto, UsageEventsQueryDto, UsageQueryDto, UsageSummaryDto } from './usage.dto.js';

const MAX_SPAN_DAYS = 366;
const DAY_MS = 86_400_000;

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
const monthEnd = (day: string): string => {
  const start = new Date(`${monthStart(day)}T00:00:00Z`);
  return isoDay(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)));
};


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
    const today = isoDay(new Date());
    const from = query.from ?? monthStart(query.to ?? today);
    const to = query.to ?? monthEnd(query.from ?? today);
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
    if (span < 1) throw DomainError.badField('to', 'to must be on or after from');
    if (span > MAX_SPAN_DAYS) throw DomainError.badField('to', `to must be at most ${MAX_SPAN_DAYS} days from from (both included)`);
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

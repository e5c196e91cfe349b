import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@app/shared';
import { USAGE_GROUP_BY, type UsageEvent, type UsageGroupBy } from '@app/billing';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class UsageQueryDto {
  /** First UTC day, YYYY-MM-DD (default: the first day of the month of `to`, or of the current month). */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a day as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar day' })
  from?: string;

  /** Last UTC day, included, YYYY-MM-DD (default: the last day of the month of `from`, or of the current month). */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a day as YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar day' })
  to?: string;

  @ApiProperty({ enum: USAGE_GROUP_BY, required: false, default: 'day' })
  @IsOptional()
  @IsIn(USAGE_GROUP_BY)
  group_by: UsageGroupBy = 'day';
}

export class UsageEventsQueryDto extends PageQueryDto {
  /** Only the events of this job. */
  @IsOptional()
  @IsUUID()
  job_id?: string;
}

export class UsageTotalsDto {
  tokens_in!: number;
  tokens_out!: number;
  /** Millionths of a US dollar. */
  cost_micros!: number;
  /** Metered calls. */
  events!: number;
}

export class UsageGroupDto extends UsageTotalsDto {
  /** The day (YYYY-MM-DD), the model or the step, per `group_by`. */
  key!: string;
}

export class UsageSummaryDto {
  from!: string;
  to!: string;
  @ApiProperty({ enum: USAGE_GROUP_BY })
  group_by!: UsageGroupBy;
  totals!: UsageTotalsDto;
  groups!: UsageGroupDto[];
}

export class UsageEventDto {
  id!: string;
  job_id!: string | null;
  /** The step that made the call, e.g. outline.generate, transcribe. */
  step_type!: string;
  @ApiProperty({ enum: ['llm', 'transcribe', 'image'] })
  event_type!: string;
  model!: string;
  engine!: string;
  tokens_in!: number;
  tokens_out!: number;
  latency_ms!: number;
  /** Millionths of a US dollar. */
  cost_micros!: number;
  /** Whether the call's output was used (only those are billed). */
  billable!: boolean;
  created_at!: string;

  static from(event: UsageEvent): UsageEventDto {
    return {
      id: event.id,
      job_id: event.jobId ?? null,
      step_type: event.stepType,
      event_type: event.eventType,
      model: event.model,
      engine: event.engine,
      tokens_in: event.tokensIn,
      tokens_out: event.tokensOut,
      latency_ms: event.latencyMs,
      cost_micros: Number(event.costMicros),
      billable: event.billable,
      created_at: event.createdAt.toISOString(),
    };
  }
}

export class UsageEventListDto {
  items!: UsageEventDto[];
  next_cursor!: string | null;
}

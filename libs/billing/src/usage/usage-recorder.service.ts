import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PriceTable } from './price-table.js';
import { UsageEvent } from './usage-event.entity.js';

export interface UsageRecord {
  userId: string;
  jobId?: string | null;
  stepType: string;
  eventType: 'llm' | 'transcribe' | 'image';
  model: string;
  engine: string;
  tokensIn?: number;
  tokensOut?: number;
  durationS?: number | null;
  latencyMs?: number;
  billable: boolean;
  failure?: string | null;
  /** Same key, same event: a retried write never doubles a row. */
  dedupKey?: string;
}

/** Writes exactly one usage_events row per metered call, priced from the price table. */
@Injectable()
export class UsageRecorder {
  constructor(
    private readonly em: EntityManager,
    private readonly prices: PriceTable,
  ) {}

  async record(record: UsageRecord): Promise<void> {
    const em = this.em.fork();
    await em.insert(
      UsageEvent,
      {
        // A raw insert (for ON CONFLICT DO NOTHING) gets no entity defaults: set them here.
        id: randomUUID(),
        createdAt: new Date(),
        updatedAt: new Date(),
        userId: record.userId,
        jobId: record.jobId ?? null,
        stepType: record.stepType,
        eventType: record.eventType,
        model: record.model,
        engine: record.engine,
        tokensIn: record.tokensIn ?? 0,
        tokensOut: record.tokensOut ?? 0,
        durationS: record.durationS ?? null,
        latencyMs: Math.round(record.latencyMs ?? 0),
        costMicros: this.prices.costMicros(record.model, record),
        billable: record.billable,
        failure: record.failure ?? null,
        dedupKey: record.dedupKey ?? randomUUID(),
      },
      { onConflictAction: 'ignore', onConflictFields: ['dedupKey'] } as never,
    );
  }
}

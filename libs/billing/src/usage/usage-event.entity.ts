import { type Opt } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { BaseEntity, User } from '@app/shared';

/** One metered call (a model call, a transcription): the unit everything billed is traced to. */
@Entity({ tableName: 'usage_events' })
@Index({ properties: ['userId', 'createdAt'] })
@Index({ properties: ['jobId'] })
export class UsageEvent extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'uuid', nullable: true })
  jobId?: string | null;

  /** The AI step or ingest step, e.g. outline.generate, transcribe. */
  @Property({ type: 'text' })
  stepType!: string;

  /** llm, transcribe, image. */
  @Property({ type: 'text' })
  eventType!: string;

  @Property({ type: 'text' })
  model!: string;

  /** openai, extractive, whisper, captions. */
  @Property({ type: 'text' })
  engine!: string;

  @Property({ type: 'integer' })
  tokensIn: number & Opt = 0;

  @Property({ type: 'integer' })
  tokensOut: number & Opt = 0;

  @Property({ type: 'double', nullable: true })
  durationS?: number | null;

  @Property({ type: 'integer' })
  latencyMs: number & Opt = 0;

  @Property({ type: 'bigint', runtimeType: 'number' })
  costMicros: number & Opt = 0;

  /** Only the call whose output was used is billable. */
  @Property({ type: 'boolean' })
  billable: boolean & Opt = false;

  /** Why a call's output was not used (invalid_json, http_429 …). */
  @Property({ type: 'text', nullable: true })
  failure?: string | null;

  @Property({ type: 'text', unique: true })
  dedupKey!: string;

  @Property({ type: 'timestamptz', nullable: true })
  reportedAt?: Date | null;
}

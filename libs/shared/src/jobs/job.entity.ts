import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { User } from '../accounts/user.entity.js';
import { BaseEntity } from '../database/base.entity.js';
import { JOB_STATUSES, type JobStatus } from './job-types.js';

/** A failed job's error: the DomainError's code and message (and details) as raised, or internal_error. */
export interface JobError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

@Entity({ tableName: 'jobs' })
@Index({ properties: ['userId', 'createdAt', 'id'] })
@Index({ properties: ['status'] })
@Index({ properties: ['batchId'] })
export class Job extends BaseEntity {
  @ManyToOne(() => User, { mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' })
  userId!: string;

  @Property({ type: 'text' })
  type!: string;

  @Enum({ items: () => [...JOB_STATUSES], nativeEnumName: undefined, type: 'text' })
  status: JobStatus & Opt = 'queued';

  @Property({ type: 'jsonb' })
  input: Record<string, unknown> & Opt = {};

  @Property({ type: 'jsonb', nullable: true })
  output?: Record<string, unknown> | null;

  @Property({ type: 'jsonb', nullable: true })
  error?: JobError | null;

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'integer' })
  maxAttempts!: number;

  @Property({ type: 'uuid', nullable: true })
  documentId?: string | null;

  /** The batch job that launched this one (POST /api/v1/batches); null: launched on its own. */
  @ManyToOne(() => Job, { mapToPk: true, fieldName: 'batch_id', nullable: true, deleteRule: 'set null' })
  batchId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  cancelRequestedAt?: Date | null;

  /** The job's spending cap (options.max_cost), in micro-USD; null: none. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  maxCostMicros?: number | null;

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}

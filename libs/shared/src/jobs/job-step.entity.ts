import { type Opt } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { BaseEntity } from '../database/base.entity.js';
import { Job, type JobError } from './job.entity.js';
import { STEP_STATUSES, type StepStatus } from './job-types.js';

/** One step of a job: the checkpoint that lets a retried job skip what already finished. */
@Entity({ tableName: 'job_steps' })
@Unique({ properties: ['job', 'name'] })
export class JobStep extends BaseEntity {
  @ManyToOne(() => Job, { deleteRule: 'cascade' })
  job!: Job;

  @Property({ type: 'text' })
  name!: string;

  @Enum({ items: () => [...STEP_STATUSES], type: 'text' })
  status: StepStatus & Opt = 'running';

  @Property({ type: 'jsonb', nullable: true })
  output?: unknown;

  @Property({ type: 'jsonb', nullable: true })
  error?: JobError | null;

  @Property({ type: 'integer' })
  attempts: number & Opt = 1;

  @Property({ type: 'timestamptz' })
  startedAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;
}

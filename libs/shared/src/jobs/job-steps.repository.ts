import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { JobStep } from './job-step.entity.js';
import type { JobError } from './job.entity.js';

/**
 * Inserts the step as running, or restarts a step an earlier attempt left running or failed, unless
 * a cancel was requested: the cancel check and the checkpoint are one statement (no row when canceled).
 */
const START_SQL = `insert into job_steps (id, created_at, updated_at, job_id, name, status, attempts, started_at)
select ?, ?, ?, ?, ?, 'running', 1, ?
where not exists (select 1 from jobs where id = ? and cancel_requested_at is not null)
on conflict (job_id, name) do update set
  status = 'running',
  attempts = job_steps.attempts + 1,
  started_at = excluded.started_at,
  error = null,
  updated_at = excluded.updated_at
returning id`;

/**
 * A finished step's checkpoint as two data-modifying CTEs (`step`, `progress`): the job_steps row
 * ends succeeded with its output (or failed with its error), and the job row records the progress
 * (its updated_at, which the stale-job reconciliation reads; at most every PROGRESS_EVERY_S).
 * Written alone, or by a caller that adds its own CTEs (the step's usage events) to the same
 * statement, so all of it commits at once.
 */
export interface StepCheckpoint {
  /** `step as (…), progress as (…)`: to follow `with`. */
  readonly ctes: string;
  readonly params: readonly unknown[];
}

/**
 * The job row records progress at most this often: parallel steps (chapters) finishing together
 * would otherwise queue on its row lock. A row older than this is skipped without taking the lock.
 */
const PROGRESS_EVERY_S = 5;

const SUCCEEDED_CTES = `step as (
  update job_steps set status = 'succeeded', output = ?::jsonb, finished_at = ?, updated_at = ? where id = ? returning id
), progress as (
  update jobs set updated_at = ? where id = ? and updated_at < ?::timestamptz - interval '${PROGRESS_EVERY_S} seconds' returning id
)`;

const FAILED_CTES = `step as (
  update job_steps set status = 'failed', error = ?::jsonb, finished_at = ?, updated_at = ? where id = ? returning id
), progress as (
  update jobs set updated_at = ? where id = ? and updated_at < ?::timestamptz - interval '${PROGRESS_EVERY_S} seconds' returning id
)`;

/** How a step's checkpoint is committed: alone by default, or with what must commit with it (JobContext.step). */
export type StepCommit = (checkpoint: StepCheckpoint) => Promise<void>;

export function succeededCheckpoint(jobId: string, stepId: string, output: unknown, at = new Date()): StepCheckpoint {
  return { ctes: SUCCEEDED_CTES, params: [jsonOrNull(output), at, at, stepId, at, jobId, at] };
}

export function failedCheckpoint(jobId: string, stepId: string, error: JobError, at = new Date()): StepCheckpoint {
  return { ctes: FAILED_CTES, params: [jsonOrNull(error), at, at, stepId, at, jobId, at] };
}

/**
 * job_steps: each step's checkpoint written with one statement (no ORM unit of work, no
 * transaction around it: steps run in parallel, and each checkpoint sits on the job's critical
 * path), and the steps an earlier attempt finished.
 */
@Injectable()
export class JobStepsRepository {
  constructor(private readonly em: EntityManager) {}

  /** The step's row id, or null when the job's cancel flag is set (nothing written then). */
  async start(jobId: string, name: string, em: EntityManager = this.em): Promise<string | null> {
    const at = new Date();
    const rows = await em.getConnection().execute<{ id: string }[]>(START_SQL, [randomUUID(), at, at, jobId, name, at, jobId]);
    return rows[0]?.id ?? null;
  }

  /** Writes the checkpoint (and the job's progress) on its own, in one statement. */
  async commit(checkpoint: StepCheckpoint, em: EntityManager = this.em): Promise<void> {
    await em.getConnection().execute(`with ${checkpoint.ctes} select 1`, [...checkpoint.params], 'run');
  }

  /** Earlier attempts' finished steps by name, read once: a step then costs no lookup of its own. */
  async finishedOf(jobId: string, em: EntityManager = this.em.fork()): Promise<Map<string, unknown>> {
    const steps = await em.find(JobStep, { job: jobId, status: 'succeeded' }, { fields: ['name', 'output'] });
    return new Map(steps.map((step) => [step.name, step.output]));
  }
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

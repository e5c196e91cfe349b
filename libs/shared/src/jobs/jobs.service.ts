import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Queue } from 'bullmq';
import { DomainError } from '../errors/domain.error.js';
import { afterCursor, toPage } from '../http/cursor.js';
import { Job } from './job.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobRecovery } from './job-recovery.service.js';
import { JobStep } from './job-step.entity.js';
import { withDeadline } from './with-deadline.js';
import { FINISHED_JOB_STATUSES, QUEUES, type JobStatus, type JobType, type QueuedJobData } from './job-types.js';
import { jobsConfig } from './jobs.config.js';
import { jobFinishedEvent } from '../webhooks/job-webhook-event.js';
import { WebhookEventPublisher } from '../webhooks/webhook-events.publisher.js';

export interface JobListFilter {
  status?: JobStatus;
  type?: string;
  cursor?: string;
  limit: number;
}

/** What a job's detail shows of a step (its output is not read). */
export type JobStepSummary = Pick<JobStep, 'name' | 'status' | 'attempts' | 'startedAt' | 'finishedAt' | 'error'>;

/**
 * The caller's job and its steps' summaries in one round trip: the steps come as one JSON array
 * (without their outputs, which can be long), ordered like the job's timeline.
 */
const JOB_WITH_STEPS_SQL = `select j.*, coalesce((
  select json_agg(json_build_object('name', s.name, 'status', s.status, 'attempts', s.attempts,
    'started_at', s.started_at, 'finished_at', s.finished_at, 'error', s.error) order by s.started_at, s.name)
  from job_steps s where s.job_id = j.id), '[]'::json) as "__steps"
from jobs j where j.id = ? and j.user_id = ?`;

interface StepSummaryRow {
  name: string;
  status: JobStep['status'];
  attempts: number;
  started_at: string;
  finished_at: string | null;
  error: JobStep['error'];
}

export interface CreateJobInput {
  userId: string;
  type: JobType;
  input?: Record<string, unknown>;
  documentId?: string | null;
  /** The job's spending cap in micro-USD (options.max_cost); null: none. */
  maxCostMicros?: number | null;
  /** The batch job launching this one. */
  batchId?: string | null;
}

/** How long a request waits for its job to reach the queue before it answers 503 enqueue_failed. */
export const ENQUEUE_TIMEOUT_MS = 5_000;

/** Writes the job row, then puts its id on the queue. The row is the truth; the queue only carries ids. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QUEUES.JOBS) private readonly queue: Queue<QueuedJobData>,
    @Inject(jobsConfig.KEY) private readonly jobsSettings: ConfigType<typeof jobsConfig>,
    private readonly events: JobEventsPublisher,
    private readonly recovery: JobRecovery,
    private readonly webhooks: WebhookEventPublisher,
  ) {
    // Without a listener BullMQ prints connection errors to the console; readyz reports Redis instead.
    this.queue.on('error', (error) => this.logger.warn({ msg: 'queue connection error', err: error.message }));
  }

  async create({ userId, type, input = {}, documentId = null, maxCostMicros = null, batchId = null }: CreateJobInput): Promise<Job> {
    const em = this.em.fork();
    const job = em.create(
      Job,
      { userId, type, input, documentId, maxCostMicros, batchId, maxAttempts: this.jobsSettings.attempts },
      { persist: false },
    );
    // One INSERT, no unit of work or transaction around it: the job's clock (created_at) is running.
    await em.insert(job);
    try {
      const added = this.queue.add(
        type,
        { jobId: job.id },
        {
          jobId: job.id,
          attempts: job.maxAttempts,
          backoff: { type: 'exponential', delay: this.jobsSettings.backoffMs },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      );
      // BullMQ queues commands while Redis is away (minutes of retries): answer before that.
      await withDeadline(added, ENQUEUE_TIMEOUT_MS, 'enqueue timed out');
    } catch (error) {
      const at = new Date();
      // Should the add still land later, the worker finds the row failed and skips it.
      await em.nativeUpdate(
        Job,
        { id: job.id },
        { status: 'failed', error: { code: 'enqueue_failed', message: 'the job could not be queued; try again' }, finishedAt: at, updatedAt: at },
      );
      this.logger.warn({ msg: 'job not queued', job_id: job.id, type, err: error });
      throw new DomainError('enqueue_failed', 'the job could not be queued right now; try again shortly', { retryable: true, cause: error });
    }
    this.logger.log({ msg: 'job queued', job_id: job.id, type });
    return job;
  }

  async list(userId: string, filter: JobListFilter): Promise<{ items: Job[]; nextCursor: string | null }> {
    const rows = await this.em.fork().find(
      Job,
      {
        userId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.type ? { type: filter.type } : {}),
        ...afterCursor(filter.cursor),
      },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: filter.limit + 1 },
    );
    return toPage(rows, filter.limit);
  }

  /** The caller's job with its steps; 404 for anyone else's. */
  async get(userId: string, id: string): Promise<{ job: Job; steps: JobStepSummary[] }> {
    const em = this.em.fork();
    const [row] = await em.getConnection().execute<(Record<string, unknown> & { __steps: StepSummaryRow[] })[]>(JOB_WITH_STEPS_SQL, [id, userId]);
    if (!row) throw jobNotFound(id);
    const { __steps: stepRows, ...jobRow } = row;
    const steps = stepRows.map((step) => ({
      name: step.name,
      status: step.status,
      attempts: step.attempts,
      startedAt: new Date(step.started_at),
      finishedAt: step.finished_at === null ? null : new Date(step.finished_at),
      error: step.error,
    }));
    return { job: em.map(Job, jobRow), steps };
  }

  /**
   * A queued job is canceled at once and never starts; a running one is marked and stops at its
   * next step boundary, or at once when no worker holds it any more (its worker died). 409 for a
   * job that already finished.
   */
  async cancel(userId: string, id: string): Promise<Job> {
    const em = this.em.fork();
    const job = await em.findOne(Job, { id, userId });
    if (!job) throw jobNotFound(id);
    if (FINISHED_JOB_STATUSES.includes(job.status)) {
      throw new DomainError('job_finished', `job ${id} already ${job.status}`);
    }
    job.cancelRequestedAt ??= new Date();
    if (job.status === 'queued') {
      job.status = 'canceled';
      job.finishedAt = new Date();
      // If the worker took it meanwhile, the cancel flag stops it at its first step boundary.
      await withDeadline(this.queue.remove(job.id), 3_000).catch(() => 0);
    }
    await em.flush();
    if (job.status === 'canceled') {
      await this.events.publish(job.id, 'job.finished', { status: 'canceled' });
      await this.webhooks.publish(jobFinishedEvent(job));
    } else if (await this.recovery.cancelUnheld(job.id)) {
      this.logger.log({ msg: 'job canceled: no worker held it', job_id: job.id });
      return em.fork().findOneOrFail(Job, job.id);
    }
    this.logger.log({ msg: 'job cancel requested', job_id: job.id, status: job.status });
    return job;
  }
}

function jobNotFound(id: string): DomainError {
  return new DomainError('job_not_found', `no job ${id}`);
}


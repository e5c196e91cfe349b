import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Job, type JobError } from './job.entity.js';
import { JobStep } from './job-step.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobStepCheckpoints } from './job-step.checkpoints.js';
import { DomainError } from '../errors/domain.error.js';
import { JobCanceled } from './job-canceled.js';
import type { JobContext, JobHandlerInstance } from './job-handler.js';
import { jobFinishedEvent } from '../webhooks/job-webhook-event.js';
import { WebhookEventPublisher } from '../webhooks/webhook-events.publisher.js';

/** queued (or left running by a dead worker) → running, unless finished or asked to cancel; the row as it is then. */
const CLAIM_SQL = `update jobs set status = 'running', attempts = ?, started_at = coalesce(started_at, ?), error = null, updated_at = ?
where id = ? and status not in ('succeeded', 'failed', 'canceled') and cancel_requested_at is null
returning *`;

export type ExecutionOutcome =
  | { kind: 'succeeded' }
  | { kind: 'canceled' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'failed'; error: JobError; final: boolean };

/**
 * Moves a job row through queued → running → succeeded | failed | canceled around one
 * handler run, and gives the handler its checkpointed steps.
 */
@Injectable()
export class JobExecutionService {
  private readonly logger = new Logger(JobExecutionService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly events: JobEventsPublisher,
    private readonly webhooks: WebhookEventPublisher,
  ) {}

  async execute(jobId: string, handler: JobHandlerInstance, attempt: number, maxAttempts: number): Promise<ExecutionOutcome> {
    const em = this.em.fork();
    // The steps an earlier attempt finished are read while the job is claimed.
    const [job, finished] = await Promise.all([this.claim(em, jobId, attempt), this.finishedSteps(em, jobId)]);
    if (!job) return this.notClaimed(em, jobId);
    const started = performance.now();
    void this.events.publish(job.id, 'job.started', { status: 'running' });

    try {
      const output = await handler.handle(this.contextFor(em, job, finished));
      job.output = output ?? {};
      await this.finish(em, job, 'succeeded');
      this.logger.log({ msg: 'job succeeded', job_id: job.id, type: job.type, attempt, duration_ms: elapsed(started) });
      return { kind: 'succeeded' };
    } catch (error) {
      if (error instanceof JobCanceled) {
        await this.finish(em, job, 'canceled');
        this.logger.log({ msg: 'job canceled', job_id: job.id, type: job.type, duration_ms: elapsed(started) });
        return { kind: 'canceled' };
      }
      const jobError = toJobError(error);
      const final = attempt >= maxAttempts || (error instanceof DomainError && !error.retryable);
      job.error = jobError;
      if (final) await this.finish(em, job, 'failed');
      else {
        job.status = 'queued';
        await em.flush();
      }
      this.logger.warn({
        msg: final ? 'job failed' : 'job attempt failed, will retry',
        job_id: job.id,
        type: job.type,
        attempt,
        final,
        code: jobError.code,
        duration_ms: elapsed(started),
        err: error,
      });
      return { kind: 'failed', error: jobError, final };
    }
  }

  /** Marks a queued (or retried) job running in one statement; null when it is finished, canceled or gone. */
  private async claim(em: EntityManager, jobId: string, attempt: number): Promise<Job | null> {
    const at = new Date();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(CLAIM_SQL, [attempt, at, at, jobId]);
    return rows[0] ? em.map(Job, rows[0]) : null;
  }

  private async notClaimed(em: EntityManager, jobId: string): Promise<ExecutionOutcome> {
    const job = await em.findOne(Job, jobId);
    if (!job) return { kind: 'skipped', reason: 'job row not found' };
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'canceled') {
      return { kind: 'skipped', reason: `job already ${job.status}` };
    }
    await this.finish(em, job, 'canceled');
    return { kind: 'canceled' };
  }

  /** Earlier attempts' finished steps by name, read once: a step then costs no lookup of its own. */
  private async finishedSteps(em: EntityManager, jobId: string): Promise<Map<string, unknown>> {
    const steps = await em.find(JobStep, { job: jobId, status: 'succeeded' }, { fields: ['name', 'output'] });
    return new Map(steps.map((step) => [step.name, step.output]));
  }

  private async finish(em: EntityManager, job: Job, status: 'succeeded' | 'failed' | 'canceled'): Promise<void> {
    job.status = status;
    job.finishedAt = new Date();
    await em.flush();
    await this.events.publish(job.id, 'job.finished', {
      status,
      ...(job.startedAt ? { duration_ms: job.finishedAt.getTime() - job.startedAt.getTime() } : {}),
      ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
    });
    await this.webhooks.publish(jobFinishedEvent(job));
  }

  private contextFor(em: EntityManager, job: Job, finished: Map<string, unknown>): JobContext {
    const throwIfCanceled = async () => {
      const row = await em.getConnection().execute<{ cancel_requested_at: Date | null }[]>(
        'select cancel_requested_at from jobs where id = ?',
        [job.id],
      );
      if (row[0]?.cancel_requested_at) throw new JobCanceled();
    };
    const checkpoints = new JobStepCheckpoints(em, job.id);
    return {
      job,
      throwIfCanceled,
      attachDocument: async (documentId: string) => {
        await em.getConnection().execute('update jobs set document_id = ?, updated_at = now() where id = ?', [documentId, job.id]);
        job.documentId = documentId;
      },
      step: async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        if (finished.has(name)) return finished.get(name) as T;
        const stepId = await checkpoints.start(name);
        if (stepId === null) throw new JobCanceled();
        const started = performance.now();
        // Not awaited: events go out in order on one Redis connection, and a lost one never fails the job.
        void this.events.publish(job.id, 'step.started', { step: name });
        try {
          const output = await run();
          await checkpoints.succeed(stepId, output);
          finished.set(name, output ?? null);
          void this.events.publish(job.id, 'step.finished', { step: name, status: 'succeeded', duration_ms: elapsed(started) });
          this.logger.log({ msg: 'step succeeded', job_id: job.id, step: name, duration_ms: elapsed(started) });
          return output;
        } catch (error) {
          const stepError = toJobError(error);
          await checkpoints.fail(stepId, stepError);
          void this.events.publish(job.id, 'step.failed', {
            step: name,
            status: 'failed',
            duration_ms: elapsed(started),
            error: { code: stepError.code, message: stepError.message },
          });
          throw error;
        }
      },
    };
  }
}

/** A domain error keeps its code, message and details on the job, whatever lib raised it. */
export function toJobError(error: unknown): JobError {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}) };
  }
  // Unexpected errors may carry internals; the job shows a generic message and the log has the rest.
  return { code: 'internal_error', message: 'internal error' };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

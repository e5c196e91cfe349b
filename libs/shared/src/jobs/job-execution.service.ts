import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Job, type JobError } from './job.entity.js';
import { JobStep } from './job-step.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobCanceled, JobFailure } from './job-failure.js';
import type { JobContext, JobHandlerInstance } from './job-handler.js';

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
  ) {}

  async execute(jobId: string, handler: JobHandlerInstance, attempt: number, maxAttempts: number): Promise<ExecutionOutcome> {
    const em = this.em.fork();
    const job = await em.findOne(Job, jobId);
    if (!job) return { kind: 'skipped', reason: 'job row not found' };
    if (job.status === 'succeeded' || job.status === 'failed' || job.status === 'canceled') {
      return { kind: 'skipped', reason: `job already ${job.status}` };
    }
    if (job.cancelRequestedAt) {
      await this.finish(em, job, 'canceled');
      return { kind: 'canceled' };
    }

    job.status = 'running';
    job.attempts = attempt;
    job.startedAt ??= new Date();
    job.error = null;
    await em.flush();
    const started = performance.now();
    await this.events.publish(job.id, 'job.started', { status: 'running' });

    try {
      const output = await handler.handle(await this.contextFor(em, job));
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
      const final = attempt >= maxAttempts || (error instanceof JobFailure && !error.retryable);
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

  private async finish(em: EntityManager, job: Job, status: 'succeeded' | 'failed' | 'canceled'): Promise<void> {
    job.status = status;
    job.finishedAt = new Date();
    await em.flush();
    await this.events.publish(job.id, 'job.finished', {
      status,
      ...(job.startedAt ? { duration_ms: job.finishedAt.getTime() - job.startedAt.getTime() } : {}),
      ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
    });
  }

  private async contextFor(em: EntityManager, job: Job): Promise<JobContext> {
    // Earlier attempts' steps, read once: a step then costs no lookup of its own.
    const known = new Map((await em.find(JobStep, { job })).map((step) => [step.name, step]));
    const throwIfCanceled = async () => {
      const row = await em.getConnection().execute<{ cancel_requested_at: Date | null }[]>(
        'select cancel_requested_at from jobs where id = ?',
        [job.id],
      );
      if (row[0]?.cancel_requested_at) throw new JobCanceled();
    };
    return {
      job,
      throwIfCanceled,
      step: async <T>(name: string, run: () => Promise<T>): Promise<T> => {
        const existing = known.get(name);
        if (existing?.status === 'succeeded') return existing.output as T;
        await throwIfCanceled();
        const step = existing ?? em.create(JobStep, { job, name });
        known.set(name, step);
        if (existing) {
          step.attempts += 1;
          step.status = 'running';
          step.startedAt = new Date();
          step.error = null;
        }
        await em.flush();
        const started = performance.now();
        await this.events.publish(job.id, 'step.started', { step: name });
        try {
          const output = await run();
          step.output = output ?? null;
          step.status = 'succeeded';
          step.finishedAt = new Date();
          await em.flush();
          await this.events.publish(job.id, 'step.finished', { step: name, status: 'succeeded', duration_ms: elapsed(started) });
          this.logger.log({ msg: 'step succeeded', job_id: job.id, step: name, duration_ms: elapsed(started) });
          return output;
        } catch (error) {
          step.status = 'failed';
          step.error = toJobError(error);
          step.finishedAt = new Date();
          await em.flush();
          await this.events.publish(job.id, 'step.failed', {
            step: name,
            status: 'failed',
            duration_ms: elapsed(started),
            error: { code: step.error.code, message: step.error.message },
          });
          throw error;
        }
      },
    };
  }
}

function toJobError(error: unknown): JobError {
  if (error instanceof JobFailure) return { code: error.code, message: error.message };
  // Unexpected errors may carry internals; the job shows a generic message and the log has the rest.
  return { code: 'internal_error', message: 'internal error' };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

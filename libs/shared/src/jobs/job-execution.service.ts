import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Job, type JobError } from './job.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { failedCheckpoint, JobStepsRepository, type StepCommit, succeededCheckpoint } from './job-steps.repository.js';
import { DomainError } from '../errors/domain.error.js';
import { JobCanceled } from './job-canceled.js';
import { JobCancelWatch } from './job-cancel.watch.js';
import type { JobContext, JobHandlerInstance } from './job-handler.js';
import { JobTimedOut } from './job-timed-out.js';
import { jobsConfig } from './jobs.config.js';
import { jobFinishedEvent } from '../webhooks/job-webhook-event.js';
import { WebhookEventPublisher } from '../webhooks/webhook-events.publisher.js';

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
  private readonly cancelWatch: JobCancelWatch;

  constructor(
    private readonly em: EntityManager,
    private readonly events: JobEventsPublisher,
    @Inject(jobsConfig.KEY) private readonly jobsSettings: ConfigType<typeof jobsConfig>,
    private readonly webhooks: WebhookEventPublisher,
    private readonly runs: JobRunsRepository,
    private readonly steps: JobStepsRepository,
  ) {
    this.cancelWatch = new JobCancelWatch(runs);
  }

  async execute(jobId: string, handler: JobHandlerInstance, attempt: number, maxAttempts: number): Promise<ExecutionOutcome> {
    const em = this.em.fork();
    // The steps an earlier attempt finished are read while the job is claimed.
    const [job, finished] = await Promise.all([this.runs.claim(jobId, attempt, em), this.steps.finishedOf(jobId, em)]);
    if (!job) return this.notClaimed(em, jobId);
    const started = performance.now();
    void this.events.publish(job.id, 'job.started', { status: 'running' });
    const abort = new AbortController();
    const unwatch = this.cancelWatch.watch(job.id, abort);
    const timeout = this.armTimeout(job, abort);
    // A handler stuck where it cannot see the signal still ends the job at once; its in-flight calls are aborted.
    const aborted = new Promise<never>((_, reject) => {
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
    });
    aborted.catch(() => undefined);

    try {
      const output = await Promise.race([handler.handle(this.contextFor(em, job, finished, abort.signal)), aborted]);
      job.output = output ?? {};
      await this.finish(em, job, 'succeeded');
      this.logger.log({ msg: 'job succeeded', job_id: job.id, type: job.type, attempt, duration_ms: elapsed(started) });
      return { kind: 'succeeded' };
    } catch (caught) {
      // Once aborted, whatever the handler threw (an aborted fetch, a step's failure) is the abort.
      const error: unknown = abort.signal.aborted ? abort.signal.reason : caught;
      if (error instanceof JobCanceled) {
        await this.finish(em, job, 'canceled');
        this.logger.log({ msg: 'job canceled', job_id: job.id, type: job.type, duration_ms: elapsed(started) });
        return { kind: 'canceled' };
      }
      const jobError = toJobError(error);
      const final = attempt >= maxAttempts || error instanceof JobTimedOut || (error instanceof DomainError && !error.retryable);
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
    } finally {
      unwatch();
      clearTimeout(timeout);
    }
  }

  /** Aborts the job's signal once it has run JOB_TIMEOUT_S since it first started (earlier attempts count). */
  private armTimeout(job: Job, abort: AbortController): NodeJS.Timeout {
    const limitS = this.jobsSettings.timeoutS;
    const startedAt = job.startedAt?.getTime() ?? Date.now();
    const left = Math.max(0, startedAt + limitS * 1000 - Date.now());
    return setTimeout(() => abort.abort(new JobTimedOut(limitS)), left);
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

  private contextFor(em: EntityManager, job: Job, finished: Map<string, unknown>, signal: AbortSignal): JobContext {
    const throwIfCanceled = async () => {
      signal.throwIfAborted();
      if (await this.runs.cancelRequested(job.id)) throw new JobCanceled();
    };
    const commitAlone: StepCommit = (checkpoint) => this.steps.commit(checkpoint, em);
    const loaded = new Map<string, Promise<unknown>>();
    return {
      job,
      signal,
      throwIfCanceled,
      attachDocument: async (documentId: string) => {
        await this.runs.attachDocument(job.id, documentId);
        job.documentId = documentId;
      },
      once: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        let pending = loaded.get(key) as Promise<T> | undefined;
        if (!pending) {
          pending = load();
          loaded.set(key, pending);
          // A failed load is tried again by the next caller.
          pending.catch(() => loaded.delete(key));
        }
        return pending;
      },
      step: async <T>(name: string, run: () => Promise<T>, commit: StepCommit = commitAlone): Promise<T> => {
        if (finished.has(name)) return finished.get(name) as T;
        signal.throwIfAborted();
        const stepId = await this.steps.start(job.id, name, em);
        if (stepId === null) throw new JobCanceled();
        const started = performance.now();
        // Not awaited: events go out in order on one Redis connection, and a lost one never fails the job.
        void this.events.publish(job.id, 'step.started', { step: name });
        try {
          const output = await run();
          await commit(succeededCheckpoint(job.id, stepId, output));
          finished.set(name, output ?? null);
          void this.events.publish(job.id, 'step.finished', { step: name, status: 'succeeded', duration_ms: elapsed(started) });
          this.logger.log({ msg: 'step succeeded', job_id: job.id, step: name, duration_ms: elapsed(started) });
          return output;
        } catch (error) {
          const stepError = toJobError(signal.aborted ? signal.reason : error);
          await commit(failedCheckpoint(job.id, stepId, stepError));
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
  if (error instanceof JobTimedOut) return { code: 'timeout', message: error.message, details: { limit_s: error.limitS } };
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, ...(Object.keys(error.details).length > 0 ? { details: error.details } : {}) };
  }
  // Unexpected errors may carry internals; the job shows a generic message and the log has the rest.
  return { code: 'internal_error', message: 'internal error' };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

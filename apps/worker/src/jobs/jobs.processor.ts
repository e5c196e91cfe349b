import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DelayedError, type Job as QueueJob, UnrecoverableError } from 'bullmq';
import { isBackendOutage, JobExecutionService, JobRecovery, QUEUES, type QueuedJobData, WORKER_LOST } from '@app/shared';
import { workerConfig } from '../worker.config.js';
import { JobHandlerRegistry } from './job-handler.registry.js';

/** How long a job waits when PostgreSQL or Redis cannot be reached, before it is tried again. */
const OUTAGE_DELAY_MS = 2000;

/**
 * Takes jobs off the queue and runs each through its registered handler. The worker is created
 * without autorun so that its lock settings (read from config) apply before it takes a job.
 */
@Processor(QUEUES.JOBS, { autorun: false })
export class JobsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobsProcessor.name);

  constructor(
    private readonly registry: JobHandlerRegistry,
    private readonly execution: JobExecutionService,
    private readonly recovery: JobRecovery,
    @Inject(workerConfig.KEY) private readonly workerSettings: ConfigType<typeof workerConfig>,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    const worker = this.worker;
    worker.concurrency = this.workerSettings.concurrency;
    // A job whose worker died is taken over once its lock lapses and the stalled check runs.
    const lockDuration = this.workerSettings.lockDurationMs;
    worker.opts.lockDuration = lockDuration;
    worker.opts.lockRenewTime = lockDuration / 2;
    worker.opts.stalledInterval = lockDuration;
    worker.opts.maxStalledCount = this.workerSettings.maxStalledCount;
    // The lock manager copies its timings when built (in the Worker constructor), so rebuild it.
    (worker as unknown as { createLockManager(): void }).createLockManager();
    worker.run().catch((error: unknown) => worker.emit('error', error instanceof Error ? error : new Error(String(error))));
  }

  async process(queueJob: QueueJob<QueuedJobData>, token?: string): Promise<void> {
    const handler = this.registry.get(queueJob.name);
    if (!handler) throw new UnrecoverableError(`no handler for job type ${queueJob.name}`);
    const attempt = queueJob.attemptsMade + 1;
    const maxAttempts = queueJob.opts.attempts ?? 1;
    let outcome: Awaited<ReturnType<JobExecutionService['execute']>>;
    try {
      outcome = await this.execution.execute(queueJob.data.jobId, handler, attempt, maxAttempts);
    } catch (error) {
      // PostgreSQL (or Redis) unreachable while the job was claimed or its failure recorded: the
      // job waits for it without spending an attempt (its row could not be written anyway).
      if (!isBackendOutage(error) || !token) throw error;
      this.logger.warn({ msg: 'job delayed: a backing service is unreachable', job_id: queueJob.data.jobId, err: error });
      await queueJob.moveToDelayed(Date.now() + OUTAGE_DELAY_MS, token);
      throw new DelayedError();
    }
    if (outcome.kind === 'skipped') {
      this.logger.warn({ msg: 'job skipped', job_id: queueJob.data.jobId, reason: outcome.reason });
    }
    if (outcome.kind === 'failed') {
      // Tell BullMQ whether to retry (with its backoff) or stop.
      if (outcome.final) throw new UnrecoverableError(outcome.error.code);
      throw new Error(outcome.error.code);
    }
  }

  /** Connection trouble (Redis away): BullMQ reconnects by itself; logged, never a crash. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ msg: 'jobs worker error', err: error });
  }

  /**
   * BullMQ failed the job for good. When our handler ran, the row is already finished; but a job
   * whose workers were killed while running it more often than allowed (`job stalled more than
   * allowable limit`) is failed by BullMQ without running it again, and its row still says running.
   */
  @OnWorkerEvent('failed')
  async onFailed(queueJob: QueueJob<QueuedJobData> | undefined, error: Error): Promise<void> {
    if (!queueJob?.data?.jobId || queueJob.finishedOn === undefined) return; // retried later, or not ours
    try {
      const lost = /more than allowable limit/.test(error.message);
      await this.recovery.finishAbandoned(queueJob.data.jobId, lost ? WORKER_LOST : { code: 'internal_error', message: 'internal error' });
    } catch (failure) {
      // The maintenance reconciliation finishes the row later.
      this.logger.error({ msg: 'failed job not recorded', job_id: queueJob.data.jobId, err: failure });
    }
  }
}

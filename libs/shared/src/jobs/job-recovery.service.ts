import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Job, type JobError } from './job.entity.js';
import { JobEventsPublisher } from './job-events.js';
import { JobRunsRepository } from './job-runs.repository.js';
import { QUEUES, type QueuedJobData } from './job-types.js';
import { withDeadline } from './with-deadline.js';
import { jobFinishedEvent } from '../webhooks/job-webhook-event.js';
import { WebhookEventPublisher } from '../webhooks/webhook-events.publisher.js';

/** Unfinished rows untouched this long are compared with the queue (a younger one may still be on its way there). */
export const RECONCILE_GRACE_MS = 60_000;
const RECONCILE_BATCH = 500;
/** How long one look at the queue may take (Redis may be away). */
const QUEUE_TIMEOUT_MS = 3_000;

export const WORKER_LOST: JobError = {
  code: 'worker_lost',
  message: 'the job stopped: the workers running it were lost (killed or out of memory) more often than allowed, or it left the queue; start it again',
};

/**
 * Where a job stands on the queue: `held` (a worker runs it and renews its lock), `pending`
 * (waiting or delayed: a worker will take it), `orphaned` (active, but its worker's lock is gone),
 * `gone` (failed, completed or not on the queue at all), or `unknown` (Redis did not answer).
 */
export type QueueHold = 'held' | 'pending' | 'orphaned' | 'gone' | 'unknown';

/** Ends the job with `error`, or canceled when a cancel was asked for, if it is still unfinished. */

/**
 * Finishes jobs that no worker will finish: BullMQ gave up on them (a worker killed while running
 * them more often than allowed), they left the queue, or they were canceled while no worker held
 * them. The jobs row is the truth users read, so it must end, and its event stream with it.
 */
@Injectable()
export class JobRecovery {
  private readonly logger = new Logger(JobRecovery.name);

  constructor(
    private readonly em: EntityManager,
    private readonly runs: JobRunsRepository,
    @InjectQueue(QUEUES.JOBS) private readonly queue: Queue<QueuedJobData>,
    private readonly events: JobEventsPublisher,
    private readonly webhooks: WebhookEventPublisher,
  ) {}

  /** Ends an unfinished job (canceled if asked to, else failed with `error`) and publishes job.finished; false if it had already ended. */
  async finishAbandoned(jobId: string, error: JobError = WORKER_LOST): Promise<boolean> {
    const row = await this.runs.finishAbandoned(jobId, error);
    if (!row) return false;
    const failed = row.status === 'failed';
    await this.events.publish(jobId, 'job.finished', {
      status: row.status,
      ...(row.started_at ? { duration_ms: new Date(row.finished_at).getTime() - new Date(row.started_at).getTime() } : {}),
      ...(failed ? { error: { code: error.code, message: error.message } } : {}),
    });
    const job = await this.em.fork().findOne(Job, jobId);
    if (job) await this.webhooks.publish(jobFinishedEvent(job));
    this.logger.warn({ msg: 'abandoned job finished', job_id: jobId, status: row.status, ...(failed ? { code: error.code } : {}) });
    return true;
  }

  async queueHold(jobId: string): Promise<QueueHold> {
    try {
      const state = await withDeadline(this.queue.getJobState(jobId), QUEUE_TIMEOUT_MS);
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') return 'pending';
      if (state !== 'active') return 'gone';
      const client = await this.queue.backend.client;
      const locked = (await withDeadline(client.get(`${this.queue.toKey(jobId)}:lock`), QUEUE_TIMEOUT_MS)) !== null;
      return locked ? 'held' : 'orphaned';
    } catch (error) {
      this.logger.warn({ msg: 'queue state unknown', job_id: jobId, err: error });
      return 'unknown';
    }
  }

  /**
   * For a cancel of a running job: when no worker holds it, takes it off the queue and ends it
   * now (a worker that takes it meanwhile finds it canceled and leaves it). True if it ended.
   */
  async cancelUnheld(jobId: string): Promise<boolean> {
    const hold = await this.queueHold(jobId);
    if (hold === 'held' || hold === 'unknown') return false;
    if (hold !== 'gone') await withDeadline(this.queue.remove(jobId), QUEUE_TIMEOUT_MS).catch(() => 0);
    return this.finishAbandoned(jobId);
  }

  /**
   * Compares unfinished rows left alone for RECONCILE_GRACE_MS with the queue and ends those
   * whose queue job is gone (failed, completed, removed). Jobs a worker holds or will take, and
   * orphans the stalled-job check will hand to a worker, are left as they are.
   */
  async reconcile(now = new Date()): Promise<{ checked: number; finished: number }> {
    const stale = await this.runs.unfinishedSince(new Date(now.getTime() - RECONCILE_GRACE_MS), RECONCILE_BATCH);
    let finished = 0;
    for (const id of stale) {
      if ((await this.queueHold(id)) === 'gone' && (await this.finishAbandoned(id))) finished += 1;
    }
    return { checked: stale.length, finished };
  }
}


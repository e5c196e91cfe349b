import { Injectable, Logger } from '@nestjs/common';
import { RedisService } from '../redis/redis.service.js';
import type { JobError } from './job.entity.js';

export const JOB_EVENT_TYPES = ['job.started', 'step.started', 'step.finished', 'step.failed', 'batch.progress', 'job.finished'] as const;
export type JobEventType = (typeof JOB_EVENT_TYPES)[number];

/** One progress event of a job. Never carries document text or model output. */
export interface JobEventData {
  job_id: string;
  type: JobEventType;
  step?: string;
  status?: string;
  duration_ms?: number;
  error?: JobError;
  /** `batch.progress`: the batch's children by status and what they cost so far. */
  progress?: BatchProgress;
  at: string;
}

/** A batch's children counted by status, and their cost so far (micro-USD). */
export interface BatchProgress {
  /** Items the batch will make posts from (0 until its source is read). */
  total: number;
  /** Items not launched yet. */
  pending: number;
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  canceled: number;
  /** Items not started: the max_cost would have been passed, or the batch was canceled first. */
  skipped: number;
  cost_micros: number;
}

/** Entries kept per job stream (approximately) and how long a stream outlives its last event. */
export const JOB_EVENTS_MAXLEN = 1000;
export const JOB_EVENTS_TTL_S = 24 * 3600;

const STEP_EVENTS: ReadonlySet<JobEventType> = new Set(['step.started', 'step.finished', 'step.failed']);

/**
 * Appends a job's progress events to a Redis Stream per job (`<prefix>:job-events:<jobId>`),
 * which any API process can replay and follow (GET /api/v1/jobs/{id}/events). Publishing is best
 * effort: a failure is logged and never fails the job.
 */
@Injectable()
export class JobEventsPublisher {
  private readonly logger = new Logger(JobEventsPublisher.name);

  constructor(private readonly redis: RedisService) {}

  key(jobId: string): string {
    return this.redis.key('job-events', jobId);
  }

  async publish(jobId: string, type: JobEventType, fields: Omit<JobEventData, 'job_id' | 'type' | 'at'> = {}): Promise<void> {
    const data: JobEventData = { job_id: jobId, type, ...fields, at: new Date().toISOString() };
    const key = this.key(jobId);
    try {
      if (STEP_EVENTS.has(type)) {
        // A step's event comes between its job's job.started and job.finished, which set the stream's TTL: one command.
        await this.redis.client.xadd(key, 'MAXLEN', '~', JOB_EVENTS_MAXLEN, '*', 'type', type, 'data', JSON.stringify(data));
        return;
      }
      const results = await this.redis.client
        .multi()
        .xadd(key, 'MAXLEN', '~', JOB_EVENTS_MAXLEN, '*', 'type', type, 'data', JSON.stringify(data))
        .expire(key, JOB_EVENTS_TTL_S)
        .exec();
      const failed = results?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    } catch (error) {
      this.logger.warn({ msg: 'job event not published', job_id: jobId, type, err: error instanceof Error ? error.message : String(error) });
    }
  }
}

import { Injectable } from '@nestjs/common';
import { FINISHED_JOB_STATUSES, type Job, type JobEventData, JobEventsPublisher, JobsService, RedisService } from '@app/shared';

export interface FollowOptions {
  /** Stop waiting at this time (ms since the epoch); the job is answered as it then is. */
  deadline: number;
  signal?: AbortSignal;
  /** Each progress event, in order, as the SSE endpoint sends it. */
  onEvent?: (event: JobEventData) => void | Promise<void>;
}

const BLOCK_MS = 1_000;

type Entry = [id: string, fields: string[]];

/**
 * Waits for the caller's job to finish while passing on its progress events, read from the job's
 * Redis Stream like GET /jobs/{id}/events reads them (a blocking read on a connection of its own);
 * the job row decides when events are missing. For edges that answer once a job ends (MCP tools).
 */
@Injectable()
export class JobFollower {
  constructor(
    private readonly jobs: JobsService,
    private readonly events: JobEventsPublisher,
    private readonly redis: RedisService,
  ) {}

  /** The job once finished, or as it is at the deadline (or when the signal aborts). 404 for another user's job. */
  async follow(userId: string, jobId: string, options: FollowOptions): Promise<Job> {
    const current = (await this.jobs.get(userId, jobId)).job;
    if (FINISHED_JOB_STATUSES.includes(current.status)) return current;
    const reader = this.redis.client.duplicate();
    reader.on('error', () => undefined);
    const key = this.events.key(jobId);
    let cursor = '0-0';
    try {
      await reader.connect();
      while (!options.signal?.aborted && Date.now() < options.deadline) {
        const block = Math.max(1, Math.min(BLOCK_MS, options.deadline - Date.now()));
        const result = await reader.xread('BLOCK', block, 'STREAMS', key, cursor);
        const entries = (result?.[0]?.[1] ?? []) as Entry[];
        for (const [id, fields] of entries) {
          cursor = id;
          const event = parse(fields);
          if (event) await options.onEvent?.(event);
          if (event?.type === 'job.finished') return (await this.jobs.get(userId, jobId)).job;
        }
        if (entries.length === 0) {
          const job = (await this.jobs.get(userId, jobId)).job;
          if (FINISHED_JOB_STATUSES.includes(job.status)) return job;
        }
      }
    } finally {
      reader.disconnect();
    }
    return (await this.jobs.get(userId, jobId)).job;
  }
}

function parse(fields: string[]): JobEventData | null {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] !== 'data') continue;
    try {
      return JSON.parse(fields[index + 1]!) as JobEventData;
    } catch {
      return null;
    }
  }
  return null;
}

import { EntityManager } from '@mikro-orm/postgresql';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bullmq';
import type { EnvironmentVariables } from '../config/environment.schema.js';
import { Job } from './job.entity.js';
import { QUEUES, type JobType, type QueuedJobData } from './job-types.js';

export interface CreateJobInput {
  userId: string;
  type: JobType;
  input?: Record<string, unknown>;
  documentId?: string | null;
}

/** Writes the job row, then puts its id on the queue. The row is the truth; the queue only carries ids. */
@Injectable()
export class JobsService {
  private readonly logger = new Logger(JobsService.name);

  constructor(
    private readonly em: EntityManager,
    @InjectQueue(QUEUES.JOBS) private readonly queue: Queue<QueuedJobData>,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    // Without a listener BullMQ prints connection errors to the console; readyz reports Redis instead.
    this.queue.on('error', (error) => this.logger.warn({ msg: 'queue connection error', err: error.message }));
  }

  async create({ userId, type, input = {}, documentId = null }: CreateJobInput): Promise<Job> {
    const em = this.em.fork();
    const job = em.create(Job, {
      userId,
      type,
      input,
      documentId,
      maxAttempts: this.config.get('JOB_ATTEMPTS', { infer: true }),
    });
    await em.flush();
    try {
      await this.queue.add(
        type,
        { jobId: job.id },
        {
          jobId: job.id,
          attempts: job.maxAttempts,
          backoff: { type: 'exponential', delay: this.config.get('JOB_BACKOFF_MS', { infer: true }) },
          removeOnComplete: { age: 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        },
      );
    } catch (error) {
      job.status = 'failed';
      job.error = { code: 'enqueue_failed', message: 'the job could not be queued; try again' };
      job.finishedAt = new Date();
      await em.flush();
      throw error;
    }
    this.logger.log({ msg: 'job queued', job_id: job.id, type });
    return job;
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { FINISHED_JOB_STATUSES, Job } from '@app/shared';

const POLL_MS = 100;

/** Waits (bounded) for a job to finish, for callers that asked for the result inline (`Prefer: wait=N`). */
@Injectable()
export class JobWaiter {
  constructor(private readonly em: EntityManager) {}

  async waitFor(jobId: string, seconds: number): Promise<Job | null> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const job = await this.em.fork().findOne(Job, jobId);
      if (job && FINISHED_JOB_STATUSES.includes(job.status)) return job;
      if (Date.now() + POLL_MS > deadline) return null;
      await sleep(POLL_MS);
    }
  }
}

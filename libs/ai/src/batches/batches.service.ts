import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { type BatchProgress, DomainError, FINISHED_JOB_STATUSES, type Job, JOB_TYPES, JobsService } from '@app/shared';
import type { BatchItem } from './batch-input.js';
import { BatchChildrenRepository, batchProgress, type BatchChild } from './batch-children.repository.js';
import { batchesConfig } from './batches.config.js';

export interface BatchView {
  batch: Job;
  /** The items read from the source; null until the batch read it. */
  total: number | null;
  progress: BatchProgress;
  children: BatchChild[];
}

/** Reads and cancels the caller's batches (jobs of type batch) with their children. */
@Injectable()
export class BatchesService {
  constructor(
    private readonly jobs: JobsService,
    private readonly children: BatchChildrenRepository,
    @Inject(batchesConfig.KEY) private readonly settings: ConfigType<typeof batchesConfig>,
  ) {}

  /** 400 naming `field` when a batch would have more items than BATCH_MAX_ITEMS. */
  assertItemCount(field: string, count: number): void {
    if (count > this.settings.maxItems) throw DomainError.badField(field, `${field} may name at most ${this.settings.maxItems} items (BATCH_MAX_ITEMS)`);
  }

  list(userId: string, filter: { cursor?: string; limit: number }): Promise<{ items: Job[]; nextCursor: string | null }> {
    return this.jobs.list(userId, { ...filter, type: JOB_TYPES.BATCH });
  }

  /** The caller's batch, its children and progress; 404 batch_not_found for anyone else's (or a job that is no batch). */
  async get(userId: string, id: string): Promise<BatchView> {
    const { job } = await this.jobs.get(userId, id).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'job_not_found' ? batchNotFound(id) : error;
    });
    if (job.type !== JOB_TYPES.BATCH) throw batchNotFound(id);
    const [children, items] = await Promise.all([this.children.of(id), this.children.itemsOf(id) as Promise<BatchItem[] | null>]);
    const total = items ? items.length : null;
    const finished = FINISHED_JOB_STATUSES.includes(job.status);
    const notStarted = ((job.output as { not_started?: unknown[] } | null)?.not_started ?? []).length;
    return { batch: job, total, progress: batchProgress(total ?? 0, children, finished, notStarted), children };
  }

  /**
   * Cancels the batch (it launches nothing more) and each of its unfinished children; 409
   * job_finished when the batch already finished.
   */
  async cancel(userId: string, id: string): Promise<BatchView> {
    await this.get(userId, id);
    await this.jobs.cancel(userId, id);
    const children = await this.children.of(id);
    await Promise.all(
      children
        .filter((child) => !FINISHED_JOB_STATUSES.includes(child.status))
        .map((child) =>
          this.jobs.cancel(userId, child.id).catch((error: unknown) => {
            // A child that finished meanwhile keeps its outcome.
            if (!(error instanceof DomainError && error.code === 'job_finished')) throw error;
          }),
        ),
    );
    return this.get(userId, id);
  }
}

function batchNotFound(id: string): DomainError {
  return new DomainError('batch_not_found', `no batch ${id}`);
}

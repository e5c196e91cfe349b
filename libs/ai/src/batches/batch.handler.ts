import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  type BatchProgress,
  DomainError,
  FINISHED_JOB_STATUSES,
  JobEventsPublisher,
  JobHandler,
  JOB_TYPES,
  JobsService,
  type JobContext,
  type JobHandlerInstance,
} from '@app/shared';
import { JobLauncher, type LaunchCommand } from '../launch/job-launcher.service.js';
import { JobQuoter } from '../quote/job-quoter.service.js';
import type { BatchInput, BatchItem } from './batch-input.js';
import { BatchChildrenRepository, batchProgress, type BatchChild } from './batch-children.repository.js';
import { batchesConfig } from './batches.config.js';
import { BatchSources } from './batch-sources.js';

/** How often the batch looks at its children. */
export const BATCH_POLL_MS = 250;

/** Launch errors that end the launching (every later child would fail the same way). */
const STOPPING_CODES = new Set(['credits_exhausted', 'spending_cap_reached', 'monthly_cap_reached', 'payment_required']);

interface Slot {
  item: BatchItem;
  jobId: string | null;
  /** What the child is expected to cost (its quote, or the dearest finished child for a video). */
  estimate: number;
}

/**
 * Runs a batch: reads its source into items (document ids, a playlist's videos, a Drive folder
 * imported as a child ingest_drive_folder job), then launches one generate_blog child per item
 * through the JobLauncher, at most BATCH_CHILDREN_AT_ONCE unfinished at a time. Before each launch
 * it adds what finished children were billed, the larger of billed and estimate for unfinished
 * ones, and the next child's estimate (its quote); when that passes the batch's max_cost it waits
 * for running children (they may cost less than quoted) and, once none runs, stops: the rest are
 * `skipped`. Each child's own cap is the budget left for it. Progress goes out as `batch.progress`
 * events on the batch's event stream. Children are launched with an Idempotency-Key of the batch
 * and item, so a retried batch finds the children it launched instead of launching them again.
 * Canceling the batch cancels its unfinished children.
 */
@Injectable()
@JobHandler(JOB_TYPES.BATCH)
export class BatchHandler implements JobHandlerInstance {
  private readonly logger = new Logger(BatchHandler.name);

  constructor(
    private readonly launcher: JobLauncher,
    private readonly quoter: JobQuoter,
    private readonly jobs: JobsService,
    private readonly children: BatchChildrenRepository,
    private readonly events: JobEventsPublisher,
    private readonly sources: BatchSources,
    @Inject(batchesConfig.KEY) private readonly settings: ConfigType<typeof batchesConfig>,
  ) {}

  async handle(context: JobContext): Promise<Record<string, unknown>> {
    const { job } = context;
    const input = job.input as unknown as BatchInput;
    const cancelChildren = () => void this.cancelUnfinished(job.userId, job.id);
    context.signal.addEventListener('abort', cancelChildren, { once: true });

    const items = await context.step('resolve', () => this.resolve(context, input));
    const budget = job.maxCostMicros ?? null;
    const slots: Slot[] = items.map((item) => ({ item, jobId: null, estimate: 0 }));
    const notStarted: { ref: string; error: { code: string; message: string } }[] = [];
    let next = 0;
    let stopped: string | null = null;
    let lastProgress = '';
    for (;;) {
      await context.throwIfCanceled();
      const rows = await this.children.of(job.id);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const posts = slots.filter((slot) => slot.jobId !== null);
      const unfinished = () => posts.filter((slot) => !isFinished(byId.get(slot.jobId!))).length;
      const committed = () => posts.reduce((sum, slot) => sum + committedCost(slot, byId.get(slot.jobId!)), 0);
      while (stopped === null && next < slots.length && unfinished() < this.settings.childrenAtOnce) {
        const slot = slots[next]!;
        // Priced only when there is a cap to hold it against.
        const estimate = budget === null ? 0 : await this.estimate(job.userId, slot.item, input, posts.map((post) => byId.get(post.jobId!)));
        // A video's cost is unknown until one like it ran: run one at a time until a child finished.
        if (estimate === null && budget !== null && unfinished() > 0) break;
        const room = budget === null ? null : budget - committed();
        if (room !== null && (estimate ?? 0) > room) {
          if (unfinished() === 0) stopped = 'max_cost';
          break;
        }
        const childCap = minOrNull(input.child_max_cost_micros, room);
        // A canceled batch (its signal aborted) keeps running until it looks: it launches nothing more.
        context.signal.throwIfAborted();
        try {
          const { job: child } = await this.launcher.launch(this.childCommand(job.id, job.userId, next, slot.item, input, childCap));
          if (context.signal.aborted) {
            await this.jobs.cancel(job.userId, child.id).catch(() => undefined);
            context.signal.throwIfAborted();
          }
          slot.jobId = child.id;
          slot.estimate = estimate ?? 0;
          posts.push(slot);
          byId.set(child.id, byId.get(child.id) ?? pendingRow(child.id));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          if (STOPPING_CODES.has(error.code)) stopped = error.code;
          else notStarted.push({ ref: slot.item.ref, error: { code: error.code, message: error.message } });
        }
        if (stopped === null) next += 1;
      }
      const launchingEnded = stopped !== null || next >= slots.length;
      const progress = batchProgress(slots.length, rows, launchingEnded, notStarted.length);
      const fingerprint = JSON.stringify(progress);
      if (fingerprint !== lastProgress) {
        lastProgress = fingerprint;
        await this.events.publish(job.id, 'batch.progress', { progress });
      }
      if (launchingEnded && unfinished() === 0) return this.output(progress, stopped, notStarted);
      await sleep(BATCH_POLL_MS, undefined, { signal: context.signal });
    }
  }

  private output(progress: BatchProgress, stopped: string | null, notStarted: { ref: string; error: { code: string; message: string } }[]): Record<string, unknown> {
    if (stopped) this.logger.log({ msg: 'batch stopped launching', reason: stopped, skipped: progress.skipped });
    return { ...progress, stopped_reason: stopped, not_started: notStarted };
  }

  private async resolve(context: JobContext, input: BatchInput): Promise<BatchItem[]> {
    const source = input.source;
    if (source.kind === 'documents') return source.document_ids.map((id) => ({ ref: id, document_id: id }));
    if (source.kind === 'youtube') {
      const videoIds = await this.sources.youtubeVideos(source.list, source.id, Math.min(source.limit, this.settings.maxItems));
      return videoIds.map((videoId) => ({ ref: videoId, youtube: { video_id: videoId, langs: source.langs } }));
    }
    const documentIds = await this.importDriveFolder(context, source);
    return documentIds.slice(0, this.settings.maxItems).map((id) => ({ ref: id, document_id: id }));
  }

  /** Imports the folder as a child ingest_drive_folder job and waits for it: its documents are the items. */
  private async importDriveFolder(context: JobContext, source: Extract<BatchInput['source'], { kind: 'drive' }>): Promise<string[]> {
    const { job } = context;
    const { job: child } = await this.launcher.launch({
      userId: job.userId,
      type: JOB_TYPES.INGEST_DRIVE_FOLDER,
      input: { folder_id: source.folder_id, resource_key: source.resource_key, recursive: source.recursive },
      batchId: job.id,
      idempotency: { key: `batch:${job.id}:import`, fingerprint: { batch: job.id, import: source.folder_id } },
    });
    for (;;) {
      await context.throwIfCanceled();
      const { job: row } = await this.jobs.get(job.userId, child.id);
      if (row.status === 'succeeded') {
        const output = (row.output ?? {}) as { files?: { document_id?: string; status?: string }[] };
        // Documents the folder holds, also those imported before (skipped as unchanged).
        const ids = (output.files ?? []).flatMap((file) => (file.document_id && file.status !== 'failed' ? [file.document_id] : []));
        return [...new Set(ids)];
      }
      if (FINISHED_JOB_STATUSES.includes(row.status)) {
        throw new DomainError((row.error?.code as never) ?? 'internal_error', row.error?.message ?? `the Drive folder import ended ${row.status}`);
      }
      await sleep(BATCH_POLL_MS, undefined, { signal: context.signal });
    }
  }

  /** The child's quote; for a video not imported yet, the dearest finished child so far (null: none finished). */
  private async estimate(userId: string, item: BatchItem, input: BatchInput, children: (BatchChild | undefined)[]): Promise<number | null> {
    if (item.document_id) {
      try {
        const quote = await this.quoter.quote({ userId, type: JOB_TYPES.GENERATE_BLOG, input: { document_id: item.document_id, options: input.options } });
        return quote.total.cost_micros;
      } catch (error) {
        // The launch reports what is wrong with the item (a document gone …).
        if (error instanceof DomainError) return 0;
        throw error;
      }
    }
    const finished = children.filter((child) => child && child.status === 'succeeded');
    return finished.length === 0 ? null : Math.max(...finished.map((child) => child!.billedMicros));
  }

  private childCommand(batchId: string, userId: string, index: number, item: BatchItem, input: BatchInput, cap: number | null): LaunchCommand {
    return {
      userId,
      type: JOB_TYPES.GENERATE_BLOG,
      input: { options: input.options, ...(item.document_id ? { document_id: item.document_id } : {}), ...(item.youtube ? { youtube: item.youtube } : {}) },
      documentId: item.document_id ?? null,
      maxCostMicros: cap,
      spends: { chat: true, images: input.images },
      batchId,
      idempotency: { key: `batch:${batchId}:${index}`, fingerprint: { batch: batchId, item: index, ref: item.ref } },
    };
  }

  private async cancelUnfinished(userId: string, batchId: string): Promise<void> {
    const rows = await this.children.of(batchId).catch(() => []);
    await Promise.all(rows.filter((row) => !isFinished(row)).map((row) => this.jobs.cancel(userId, row.id).catch(() => undefined)));
  }
}

function isFinished(row: BatchChild | undefined): boolean {
  return row !== undefined && FINISHED_JOB_STATUSES.includes(row.status);
}

/** A finished child counts what it was billed; an unfinished one at least its estimate. */
function committedCost(slot: Slot, row: BatchChild | undefined): number {
  if (!row) return slot.estimate;
  return isFinished(row) ? row.billedMicros : Math.max(row.billedMicros, slot.estimate);
}

function minOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function pendingRow(id: string): BatchChild {
  return { id, type: JOB_TYPES.GENERATE_BLOG, status: 'queued', documentId: null, error: null, billedMicros: 0, createdAt: new Date(), finishedAt: null };
}

import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Job, type JobError } from './job.entity.js';
import type { JobStatus } from './job-types.js';

/** queued (or left running by a dead worker) → running, unless finished or asked to cancel; the row as it is then. */
const CLAIM_SQL = `update jobs set status = 'running', attempts = ?, started_at = coalesce(started_at, ?), error = null, updated_at = ?
where id = ? and status not in ('succeeded', 'failed', 'canceled') and cancel_requested_at is null
returning *`;

/** An unfinished job no worker will finish: canceled when that was asked, else failed with the error. */
const FINISH_ABANDONED_SQL = `update jobs set
  status = case when cancel_requested_at is not null then 'canceled' else 'failed' end,
  error = case when cancel_requested_at is not null then null else ?::jsonb end,
  finished_at = now(), updated_at = now()
where id = ? and status in ('queued', 'running')
returning status, started_at, finished_at`;

const STALE_SQL = `select id from jobs where status in ('queued', 'running') and updated_at < ?
order by updated_at limit ?`;

/**
 * The jobs rows as a running job moves them: claimed by a worker in one statement, its cancel flag
 * read, its document named, abandoned ones ended, and the unfinished ones left alone too long.
 */
@Injectable()
export class JobRunsRepository {
  constructor(private readonly em: EntityManager) {}

  /** Marks a queued (or retried) job running; null when it is finished, canceled or gone. */
  async claim(jobId: string, attempt: number, em: EntityManager = this.em.fork()): Promise<Job | null> {
    const at = new Date();
    const rows = await em.getConnection().execute<Record<string, unknown>[]>(CLAIM_SQL, [attempt, at, at, jobId]);
    return rows[0] ? em.map(Job, rows[0]) : null;
  }

  async cancelRequested(jobId: string): Promise<boolean> {
    const rows = await this.em.getConnection().execute<{ cancel_requested_at: Date | null }[]>('select cancel_requested_at from jobs where id = ?', [jobId]);
    return Boolean(rows[0]?.cancel_requested_at);
  }

  /** Which of these jobs were asked to cancel (one indexed query for all a worker runs). */
  async canceledAmong(jobIds: readonly string[]): Promise<string[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.em
      .getConnection()
      .execute<{ id: string }[]>(`select id from jobs where id in (${jobIds.map(() => '?').join(', ')}) and cancel_requested_at is not null`, [...jobIds]);
    return rows.map((row) => row.id);
  }

  async attachDocument(jobId: string, documentId: string): Promise<void> {
    await this.em.getConnection().execute('update jobs set document_id = ?, updated_at = now() where id = ?', [documentId, jobId]);
  }

  /** Ends an unfinished job (canceled if asked to, else failed with `error`); null if it had already ended. */
  async finishAbandoned(jobId: string, error: JobError): Promise<{ status: JobStatus; started_at: Date | null; finished_at: Date } | null> {
    const rows = await this.em
      .getConnection()
      .execute<{ status: JobStatus; started_at: Date | null; finished_at: Date }[]>(FINISH_ABANDONED_SQL, [JSON.stringify(error), jobId]);
    return rows[0] ?? null;
  }

  /** Unfinished jobs whose row has not changed since `before`, oldest first. */
  async unfinishedSince(before: Date, limit: number): Promise<string[]> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>(STALE_SQL, [before, limit]);
    return rows.map((row) => row.id);
  }
}

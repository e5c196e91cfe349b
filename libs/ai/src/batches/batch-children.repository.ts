import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { BatchProgress, JobError, JobStatus } from '@app/shared';

/** One child job of a batch, with what it was billed so far. */
export interface BatchChild {
  id: string;
  type: string;
  status: JobStatus;
  documentId: string | null;
  error: JobError | null;
  billedMicros: number;
  createdAt: Date;
  finishedAt: Date | null;
}

const CHILDREN_SQL = `select j.id, j.type, j.status, j.document_id, j.error, j.created_at, j.finished_at,
  coalesce((select sum(u.cost_micros) from usage_events u where u.job_id = j.id and u.billable), 0) as billed_micros
from jobs j where j.batch_id = ? order by j.created_at, j.id`;

/** The jobs a batch launched (its posts, and a Drive folder's import), each with its billed cost. */
@Injectable()
export class BatchChildrenRepository {
  constructor(private readonly em: EntityManager) {}

  /** The items the batch read from its source (its `resolve` step's output); null until it read them. */
  async itemsOf(batchId: string): Promise<unknown[] | null> {
    const [row] = await this.em
      .fork()
      .getConnection()
      .execute<{ output: unknown }[]>(`select output from job_steps where job_id = ? and name = 'resolve' and status = 'succeeded'`, [batchId]);
    return Array.isArray(row?.output) ? row.output : null;
  }

  async of(batchId: string): Promise<BatchChild[]> {
    const rows = await this.em.fork().getConnection().execute<Record<string, unknown>[]>(CHILDREN_SQL, [batchId]);
    return rows.map((row) => ({
      id: row.id as string,
      type: row.type as string,
      status: row.status as JobStatus,
      documentId: (row.document_id as string | null) ?? null,
      error: (row.error as JobError | null) ?? null,
      billedMicros: Number(row.billed_micros ?? 0),
      createdAt: new Date(row.created_at as string),
      finishedAt: row.finished_at ? new Date(row.finished_at as string) : null,
    }));
  }
}

/**
 * A batch's progress from its children: posts by status, items not launched (pending, or skipped
 * once the batch stopped launching), and what every child (the import too) was billed.
 */
export function batchProgress(total: number, children: readonly BatchChild[], launchingEnded: boolean, notStarted = 0): BatchProgress {
  const posts = children.filter((child) => child.type !== 'ingest_drive_folder');
  const count = (status: JobStatus) => posts.filter((child) => child.status === status).length;
  const left = Math.max(0, total - posts.length - notStarted);
  return {
    total,
    pending: launchingEnded ? 0 : left,
    queued: count('queued'),
    running: count('running'),
    succeeded: count('succeeded'),
    failed: count('failed') + notStarted,
    canceled: count('canceled'),
    skipped: launchingEnded ? left : 0,
    cost_micros: children.reduce((sum, child) => sum + child.billedMicros, 0),
  };
}

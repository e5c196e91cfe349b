import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, type Job, type JobStepSummary } from '@app/shared';

/** The fields of a job that its detail shows. */
export type JobDetailFields = Pick<
  Job,
  'id' | 'type' | 'status' | 'documentId' | 'attempts' | 'maxAttempts' | 'error' | 'input' | 'output' | 'createdAt' | 'startedAt' | 'finishedAt' | 'cancelRequestedAt'
>;

export interface JobDetail {
  job: JobDetailFields;
  steps: JobStepSummary[];
  /** Per step name, the provider:model of each billable model call that served it, in order, without repeats. */
  servedBy: Map<string, string[]>;
}

/**
 * GET /jobs/{id} in one round trip and without entity hydration: the job's shown columns, its
 * steps' summaries (not their outputs, which can be long) ordered like its timeline, and which
 * provider:model served each step: its billable model and image calls (usage_events), oldest first.
 */
const JOB_DETAIL = {
  // Prepared once per pooled connection: planning this statement costs PostgreSQL more than running it.
  name: 'scriptorium_job_detail',
  text: `select j.id, j.type, j.status, j.document_id, j.attempts, j.max_attempts, j.error, j.input, j.output,
  j.created_at, j.started_at, j.finished_at, j.cancel_requested_at,
  coalesce((select json_agg(json_build_array(s.name, s.status, s.attempts, s.started_at, s.finished_at, s.error) order by s.started_at, s.name)
    from job_steps s where s.job_id = j.id), '[]'::json) as steps,
  coalesce((select json_agg(json_build_array(u.step_type, coalesce(u.provider, u.engine), u.model) order by u.created_at, u.id)
    from usage_events u where u.job_id = j.id and u.billable and u.event_type in ('llm', 'image')), '[]'::json) as served
from jobs j where j.id = $1 and j.user_id = $2`,
};

/** What the reader uses of pg's Pool (MikroORM's own, under its Kysely client). */
interface QueryPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: JobDetailRow[] }>;
}

/** SQLSTATEs of a prepared statement the server lost (DEALLOCATE, a pooler) or must re-plan with other result columns (a migration). */
const STALE_STATEMENT = new Set(['26000', '0A000']);

interface JobDetailRow {
  id: string;
  type: string;
  status: Job['status'];
  document_id: string | null;
  attempts: number;
  max_attempts: number;
  error: Job['error'];
  input: Job['input'];
  output: Job['output'];
  /** timestamptz columns come as PostgreSQL's text (MikroORM's type parsers). */
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  cancel_requested_at: string | null;
  /** [name, status, attempts, started_at, finished_at, error] */
  steps: [string, JobStepSummary['status'], number, string, string | null, JobStepSummary['error']][];
  /** [step, provider, model] */
  served: [string, string, string][];
}

@Injectable()
export class JobDetailReader {
  private pool?: QueryPool;

  constructor(private readonly em: EntityManager) {}

  /** The caller's job; 404 (job_not_found) for anyone else's. */
  async read(userId: string, id: string): Promise<JobDetail> {
    const [row] = await this.query(id, userId);
    if (!row) throw new DomainError('job_not_found', `no job ${id}`);
    const platform = this.em.getPlatform();
    const date = (value: string) => platform.parseDate(value) as Date;
    const steps = row.steps.map(([name, status, attempts, startedAt, finishedAt, error]) => ({
      name,
      status,
      attempts,
      startedAt: new Date(startedAt),
      finishedAt: finishedAt === null ? null : new Date(finishedAt),
      error,
    }));
    const servedBy = new Map<string, string[]>();
    for (const [step, provider, model] of row.served) {
      const list = servedBy.get(step) ?? [];
      const name = `${provider}:${model}`;
      if (!list.includes(name)) list.push(name);
      servedBy.set(step, list);
    }
    return {
      job: {
        id: row.id,
        type: row.type,
        status: row.status,
        documentId: row.document_id,
        attempts: row.attempts,
        maxAttempts: row.max_attempts,
        error: row.error,
        input: row.input,
        output: row.output,
        createdAt: date(row.created_at),
        startedAt: row.started_at === null ? null : date(row.started_at),
        finishedAt: row.finished_at === null ? null : date(row.finished_at),
        cancelRequestedAt: row.cancel_requested_at === null ? null : date(row.cancel_requested_at),
      },
      steps,
      servedBy,
    };
  }

  /** On MikroORM's own pool (same connections and type parsers), as a named statement, which MikroORM's execute() cannot send. */
  private async query(id: string, userId: string): Promise<JobDetailRow[]> {
    this.pool ??= (await this.em.getConnection().getNativeClient()) as QueryPool;
    try {
      return (await this.pool.query({ ...JOB_DETAIL, values: [id, userId] })).rows;
    } catch (error) {
      if (!STALE_STATEMENT.has((error as { code?: string }).code ?? '')) throw error;
      return (await this.pool.query({ text: JOB_DETAIL.text, values: [id, userId] })).rows;
    }
  }
}

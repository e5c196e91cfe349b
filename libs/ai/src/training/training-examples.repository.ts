import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** One post with what it was made from: its source, outline and the usage of its job's steps. */
export interface TrainingExampleRow {
  postId: string;
  jobId: string | null;
  createdAt: Date;
  title: string;
  description: string;
  keywords: string[];
  markdown: string;
  chapters: unknown;
  language: string | null;
  sourceTitle: string | null;
  sourceText: string | null;
  sourceType: string | null;
  outline: unknown;
}

export interface StepUsageRow {
  jobId: string;
  step: string;
  model: string;
  engine: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costMicros: number;
}

const POSTS_SQL = `select p.id, p.job_id, p.created_at, p.title, p.description, p.keywords, p.markdown, p.chapters, p.language,
  d.title as source_title, d.raw_text as source_text, d.source_type,
  (select s.output from job_steps s where s.job_id = p.job_id and s.name = 'outline' and s.status = 'succeeded' limit 1) as outline
from posts p left join documents d on d.id = p.document_id and d.user_id = p.user_id
where p.user_id = ? and p.created_at >= ? and (p.created_at, p.id) > (?::timestamptz, ?::uuid)
order by p.created_at, p.id limit ?`;

const USAGE_SQL = `select job_id, step_type, model, engine, count(*) as calls, sum(tokens_in) as tokens_in, sum(tokens_out) as tokens_out, sum(cost_micros) as cost_micros
from usage_events where user_id = ? and job_id = any(?::uuid[]) group by job_id, step_type, model, engine order by job_id, step_type`;

/** What a training export reads: a user's posts made since a moment, page by page, and their jobs' usage per step. */
@Injectable()
export class TrainingExamplesRepository {
  constructor(private readonly em: EntityManager) {}

  /** The user's posts created at or after `since`, oldest first, after the (created_at, id) cursor. */
  async page(userId: string, since: Date, after: { createdAt: Date; id: string } | null, limit: number): Promise<TrainingExampleRow[]> {
    const cursor = after ?? { createdAt: new Date(0), id: '00000000-0000-0000-0000-000000000000' };
    const rows = await this.em.fork().getConnection().execute<Record<string, unknown>[]>(POSTS_SQL, [userId, since, cursor.createdAt, cursor.id, limit]);
    return rows.map((row) => ({
      postId: row.id as string,
      jobId: (row.job_id as string | null) ?? null,
      createdAt: new Date(row.created_at as string),
      title: row.title as string,
      description: row.description as string,
      keywords: (row.keywords as string[] | null) ?? [],
      markdown: row.markdown as string,
      chapters: row.chapters ?? [],
      language: (row.language as string | null) ?? null,
      sourceTitle: (row.source_title as string | null) ?? null,
      sourceText: (row.source_text as string | null) ?? null,
      sourceType: (row.source_type as string | null) ?? null,
      outline: row.outline ?? null,
    }));
  }

  async usageOf(userId: string, jobIds: readonly string[]): Promise<StepUsageRow[]> {
    if (jobIds.length === 0) return [];
    const rows = await this.em.fork().getConnection().execute<Record<string, unknown>[]>(USAGE_SQL, [userId, `{${jobIds.join(',')}}`]);
    return rows.map((row) => ({
      jobId: row.job_id as string,
      step: row.step_type as string,
      model: row.model as string,
      engine: row.engine as string,
      calls: Number(row.calls),
      tokensIn: Number(row.tokens_in),
      tokensOut: Number(row.tokens_out),
      costMicros: Number(row.cost_micros),
    }));
  }
}

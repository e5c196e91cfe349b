import type { FieldProblem, JobDetail, Problem } from './generated/types.gen.js';

const PROBLEM_TYPE_PREFIX = /^.*\/problems\//;

/**
 * An error answer of the API (RFC 9457 problem+json): the HTTP status, the stable `code` (the last
 * segment of the problem's `type`, e.g. `credits_exhausted`), the message, the request id to quote
 * to support, and for a 400 each invalid field.
 */
export class ScriptoriumError extends Error {
  override readonly name = 'ScriptoriumError';
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly errors: FieldProblem[];

  constructor(
    status: number,
    /** The whole problem document, extensions included (e.g. `required_scope`). */
    readonly problem: Problem & Record<string, unknown>,
  ) {
    super(`${status} ${problem.title}: ${problem.detail}`);
    this.status = status;
    this.code = typeof problem.type === 'string' ? problem.type.replace(PROBLEM_TYPE_PREFIX, '') : 'unknown';
    this.detail = problem.detail;
    this.requestId = typeof problem.request_id === 'string' ? problem.request_id : undefined;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** The error of a failed answer, whatever its body (a proxy's HTML page becomes a problem too). */
  static from(response: Response, body: unknown): ScriptoriumError {
    if (isProblem(body)) return new ScriptoriumError(response.status, body);
    const detail = typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : response.statusText || 'error';
    return new ScriptoriumError(response.status, { type: 'about:blank', title: response.statusText || 'Error', status: response.status, detail });
  }
}

/** A job that ended `failed` or `canceled`: its code (`canceled` for a canceled job) and the job as it ended. */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  readonly code: string;

  constructor(readonly job: JobDetail) {
    const code = job.status === 'canceled' ? 'canceled' : (job.error?.code ?? 'internal_error');
    super(`job ${job.id} ${job.status}: ${job.error?.message ?? code}`);
    this.code = code;
  }
}

function isProblem(body: unknown): body is Problem & Record<string, unknown> {
  if (typeof body !== 'object' || body === null) return false;
  const record = body as Record<string, unknown>;
  return typeof record.type === 'string' && typeof record.title === 'string' && typeof record.detail === 'string';
}

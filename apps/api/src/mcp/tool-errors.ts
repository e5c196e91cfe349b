import { HttpStatus, type Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DomainError, type JobError } from '@app/shared';
import { statusOf, titleFor } from '../http/problem-details.filter.js';
import { PROBLEM_TYPE_BASE } from '../http/problem.js';

/** The problem of a failed tool call, as the REST API would answer it (code, status, detail, field errors). */
export interface ToolProblem {
  code: string;
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * A tool call that failed, as an MCP tool error (`isError: true`) carrying the problem's code: the
 * same code, status and field errors the REST route gives. Unexpected errors say only
 * "internal error"; the log has the rest.
 */
export function toolError(error: unknown, logger: Logger, tool: string): CallToolResult {
  let problem: ToolProblem;
  if (error instanceof DomainError) {
    const status = statusOf(error);
    problem = {
      ...error.details,
      code: error.code,
      type: `${PROBLEM_TYPE_BASE}${error.code}`,
      title: titleFor(status),
      status,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  } else {
    logger.error({ msg: 'mcp tool failed', tool, err: error });
    const status = HttpStatus.INTERNAL_SERVER_ERROR;
    problem = { code: 'internal_error', type: `${PROBLEM_TYPE_BASE}internal_error`, title: titleFor(status), status, detail: 'internal error' };
  }
  return problemResult(problem);
}

/** A job that ended failed or canceled, as a tool error with the job's code. */
export function jobFailure(jobId: string, status: string, error: JobError | null | undefined): CallToolResult {
  const code = status === 'canceled' ? 'canceled' : (error?.code ?? 'internal_error');
  return problemResult({
    code,
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: `Job ${status}`,
    status: HttpStatus.UNPROCESSABLE_ENTITY,
    detail: error?.message ?? `the job was ${status}`,
    job_id: jobId,
    job_status: status,
  });
}

function problemResult(problem: ToolProblem): CallToolResult {
  const fields = problem.errors?.map((field) => `\n- ${field.field}: ${field.message}`).join('') ?? '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${problem.code} (${problem.status}): ${problem.detail}${fields}` }],
    structuredContent: problem,
  };
}

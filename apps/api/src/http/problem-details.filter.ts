import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, isBackendOutage, OUTAGE_RETRY_AFTER_S } from '@app/shared';
import { ERROR_STATUS } from './error-status.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, type ProblemDetails } from './problem.js';

const INTERNAL_ERROR = 'internal error';

/** Turns every error into RFC 9457 problem+json; 5xx bodies carry nothing but "internal error" and the request id. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    // Redis or PostgreSQL out of reach: the request may succeed in a moment, so say so (503 + Retry-After).
    const outage = !(exception instanceof DomainError) && isBackendOutage(exception);
    const problem = outage ? this.toProblem(unavailable()) : this.toProblem(exception);
    problem.instance = request.originalUrl?.split('?')[0];
    problem.request_id = request.id === undefined ? undefined : String(request.id);

    if (outage) this.logger.warn({ msg: 'request failed: a backing service is unreachable', err: exception, request_id: problem.request_id });
    else if (problem.status >= 500 && !(exception instanceof DomainError)) {
      this.logger.error({ msg: 'request failed', err: exception, request_id: problem.request_id });
    }
    if (response.headersSent) return;
    if (problem.status === HttpStatus.SERVICE_UNAVAILABLE && (outage || (exception instanceof DomainError && exception.retryable))) {
      response.setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_S));
    }
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof DomainError) {
      // Domain errors are written for the caller, 5xx included (e.g. "GitHub login is not configured").
      const extensions = { ...exception.details, ...(exception.errors ? { errors: exception.errors } : {}) };
      return this.build(statusOf(exception), exception.code, exception.message, extensions, true);
    }
    // Nest wraps body-parser errors (413 too large, 400 bad JSON) in an HttpException with the original as cause.
    const bodyParserError = exception instanceof HttpException ? exception.cause : exception;
    if (isBodyParserError(bodyParserError)) {
      const status = exception instanceof HttpException ? exception.getStatus() : (httpStatusOf(bodyParserError) ?? 400);
      return this.build(status, codeForStatus(status), bodyParserMessage(bodyParserError, status));
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const extensions: Record<string, unknown> = {};
      let detail = exception.message;
      if (typeof body === 'object' && body !== null) {
        const record = body as Record<string, unknown>;
        if (Array.isArray(record.errors)) extensions.errors = record.errors;
        if (typeof record.detail === 'string') detail = record.detail;
        else if (typeof record.message === 'string') detail = record.message;
        else if (Array.isArray(record.message)) detail = record.message.join('; ');
      }
      return this.build(status, codeForStatus(status), detail, extensions);
    }
    return this.build(HttpStatus.INTERNAL_SERVER_ERROR, 'internal_error', INTERNAL_ERROR);
  }

  private build(
    status: number,
    code: string,
    detail: string,
    extensions: Record<string, unknown> = {},
    expose = false,
  ): ProblemDetails {
    if (status >= 500 && !expose) {
      return { type: `${PROBLEM_TYPE_BASE}internal_error`, title: titleFor(status), status, detail: INTERNAL_ERROR };
    }
    return { type: `${PROBLEM_TYPE_BASE}${code}`, title: titleFor(status), status, detail, ...extensions };
  }
}

/** The status of a domain error's code (every code has one; a code from a newer process than this table is a 500). */
export function statusOf(error: DomainError): number {
  return ERROR_STATUS[error.code] ?? HttpStatus.INTERNAL_SERVER_ERROR;
}

/** Errors from body-parser carry a `type` such as entity.too.large or entity.parse.failed. */
function isBodyParserError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && /^(entity|encoding|charset|request)\./.test(type);
}

function httpStatusOf(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status = (exception as { status?: unknown; statusCode?: unknown }).status ??
    (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function bodyParserMessage(exception: unknown, status: number): string {
  const type = (exception as { type?: string }).type;
  if (type === 'entity.too.large') {
    const limit = (exception as { limit?: number }).limit;
    return `request body exceeds the limit of ${limit ?? 'the configured'} bytes`;
  }
  if (type === 'entity.parse.failed') return 'request body is not valid JSON';
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return 'request body encoding is not supported';
  return titleFor(status);
}

/** The reason phrase of a status, as a problem's title (`Not Found`). */
export function titleFor(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((word, index) => (index === 0 ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(' ');
}

function codeForStatus(status: number): string {
  return ((HttpStatus[status] as string | undefined) ?? 'error').toLowerCase();
}

function unavailable(): DomainError {
  return new DomainError('service_unavailable', 'a service this request needs is unreachable for the moment; retry shortly', { retryable: true });
}

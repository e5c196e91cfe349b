import type { ErrorCode } from './error-codes.js';

/** One bad field of a request: which field, what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  /** Whether a job that failed with it may try again (a passing outage); never for bad input. */
  retryable?: boolean;
  /** Extra members for the caller (problem+json extensions, `job.error.details`). */
  details?: Record<string, unknown>;
  /** The fields at fault, for a bad request. */
  errors?: FieldProblem[];
  cause?: unknown;
}

/**
 * The one error type of the domain: a stable `code` and a message written for the caller. Libs,
 * the API and the worker raise it alike; the worker keeps its code on the job, the API answers it
 * as problem+json with the status its code maps to. Its message is shown (also for a 5xx), so it
 * must never carry internals.
 */
export class DomainError extends Error {
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;
  readonly errors: FieldProblem[] | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
    this.errors = options.errors;
  }

  /** A 400 naming one field. */
  static badField(field: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return DomainError.badFields([{ field, message }], `${field}: ${message}`, details);
  }

  /** A 400 naming several fields (a validation result), with a summary of them as its message. */
  static badFields(
    problems: FieldProblem[],
    message = problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
    details: Record<string, unknown> = {},
  ): DomainError {
    return new DomainError('bad_request', message, { errors: problems, details });
  }
}

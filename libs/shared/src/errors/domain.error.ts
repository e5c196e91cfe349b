import { HttpException } from '@nestjs/common';

/**
 * An error with a stable machine code that the problem filter turns into problem+json:
 * `type` ends with the code, extensions are copied onto the body. Its message is always shown,
 * also for a 5xx, so it must be written for the caller.
 */
export class DomainError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message, status);
  }
}

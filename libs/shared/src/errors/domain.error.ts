import { HttpException } from '@nestjs/common';

/**
 * An error with a stable machine code that the problem filter turns into problem+json:
 * `type` ends with the code, extensions are copied onto the body.
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

import { DomainError, JobFailure } from '@app/shared';

export type DriveErrorCode =
  | 'invalid_url'
  | 'drive_auth_failed'
  | 'drive_forbidden'
  | 'drive_not_found'
  | 'drive_rate_limited'
  | 'drive_export_unsupported'
  | 'drive_file_too_large'
  | 'drive_folder_too_large'
  | 'drive_upstream_error';

export const DRIVE_ERROR_STATUS: Readonly<Record<DriveErrorCode, number>> = {
  invalid_url: 400,
  // The user's Google grant is gone (revoked/expired refresh token): they must reconnect.
  drive_auth_failed: 424,
  drive_forbidden: 403,
  drive_not_found: 404,
  drive_rate_limited: 503,
  drive_export_unsupported: 415,
  drive_file_too_large: 413,
  drive_folder_too_large: 413,
  drive_upstream_error: 502,
};

const RETRYABLE: ReadonlySet<DriveErrorCode> = new Set(['drive_rate_limited', 'drive_upstream_error']);

export class DriveError extends JobFailure {
  readonly status: number;

  constructor(
    override readonly code: DriveErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(code, message, RETRYABLE.has(code));
    this.name = 'DriveError';
    this.status = DRIVE_ERROR_STATUS[code];
  }

  toDomainError(): DomainError {
    return new DomainError(this.status, this.code, this.message, this.extensions);
  }
}

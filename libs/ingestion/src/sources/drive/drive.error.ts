import { DomainError } from '@app/shared';

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

const RETRYABLE: ReadonlySet<DriveErrorCode> = new Set(['drive_rate_limited', 'drive_upstream_error']);

/** What Google Drive refused or failed at; rate limits and upstream errors may pass, so those retry. */
export class DriveError extends DomainError {
  declare readonly code: DriveErrorCode;

  constructor(code: DriveErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { retryable: RETRYABLE.has(code), details });
    this.name = 'DriveError';
  }
}

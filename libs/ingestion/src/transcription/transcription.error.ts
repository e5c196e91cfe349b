import { DomainError } from '@app/shared';

export type TranscriptionErrorCode =
  | 'media_corrupt'
  | 'no_audio'
  | 'transcription_unavailable'
  | 'transcription_auth_failed'
  | 'transcription_rejected'
  | 'transcription_failed';

export class TranscriptionError extends DomainError {
  declare readonly code: TranscriptionErrorCode;

  constructor(code: TranscriptionErrorCode, message: string, retryable = false) {
    super(code, message, { retryable });
    this.name = 'TranscriptionError';
  }
}

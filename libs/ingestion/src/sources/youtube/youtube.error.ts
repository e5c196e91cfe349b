import { DomainError } from '@app/shared';

export type YouTubeErrorCode =
  | 'invalid_url'
  | 'video_unavailable'
  | 'captions_disabled'
  | 'no_track_in_langs'
  | 'audio_unavailable'
  | 'blocked'
  | 'upstream_error';

const RETRYABLE: ReadonlySet<YouTubeErrorCode> = new Set(['blocked', 'upstream_error']);

/** What YouTube would not give; blocked and upstream errors may pass, so those jobs retry. */
export class YouTubeError extends DomainError {
  declare readonly code: YouTubeErrorCode;

  constructor(code: YouTubeErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, { retryable: RETRYABLE.has(code), details });
    this.name = 'YouTubeError';
  }
}
